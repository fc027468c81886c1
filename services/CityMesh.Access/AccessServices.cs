using CityMesh.Limits.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CityMesh.Access;

/// <summary>Registers who may call: the <see cref="AccessAuthentication"/> scheme and a policy per <see cref="Roles.Policy"/>.</summary>
public static class AccessServices
{
    /// <summary>
    /// Authentication (the default scheme) and authorization from <c>CityMesh:Access</c>, checked here, so a wrong
    /// setting stops composition with its key named. The host still calls <c>UseAuthentication()</c> and
    /// <c>UseAuthorization()</c>; endpoints name a policy from <see cref="Roles.Policy"/>.
    /// </summary>
    public static IServiceCollection AddCityMeshAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<AccessOptions>(configuration);
        // Its consumers (here and in the twin) take IOptions<AccessOptions>: the same instance, read and checked above.
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AccessCredentials>();
        services.TryAddSingleton<ServiceIdentity>();
        services.TryAddSingleton<DashboardSessions>();
        services.AddAuthentication(AccessAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AccessAuthentication>(AccessAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Policy.Viewer, p => p.RequireRole([.. Roles.All, Roles.Service]))
            .AddPolicy(Roles.Policy.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Roles.Policy.ScenarioAuthor, p => p.RequireRole(Roles.ScenarioAuthor))
            .AddPolicy(Roles.Policy.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Policy.TelemetryWriter, p => p.RequireRole(Roles.DataProvider, Roles.Operator, Roles.Admin))
            .AddPolicy(Roles.Policy.Auditor, p => p.RequireRole(Roles.Operator, Roles.Admin));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessDenied>();
        return services;
    }
}
