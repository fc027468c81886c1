using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CityMesh.Governance.Audit;

/// <summary>Registers the audit log the configuration names, its start-up initializer and its readiness check.</summary>
public static class AuditServices
{
    /// <summary>
    /// <see cref="IAuditLog"/> from <c>CityMesh:Governance:Audit</c> (memory by default), created when first asked
    /// for; a wrong setting fails start with the setting named.
    /// </summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuditLogOptions.Section).Get<AuditLogOptions>() ?? new AuditLogOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(sp => options.CreateLog(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AuditLogReadiness>();
        services.AddSingleton<AuditLogInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditLogInitializer>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "audit-log", sp => sp.GetRequiredService<AuditLogInitializer>(), HealthStatus.Unhealthy, ["ready"]));
        return services;
    }
}
