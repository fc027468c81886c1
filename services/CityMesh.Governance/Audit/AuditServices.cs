using CityMesh.Limits.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CityMesh.Governance.Audit;

/// <summary>
/// Registers the audit log the configuration names with its keys, its checkpoints and witnesses, its start-up
/// initializer and its readiness check.
/// </summary>
public static class AuditServices
{
    /// <summary>
    /// <see cref="IAuditLog"/> and <see cref="IAuditCheckpointStore"/> from <c>CityMesh:Governance:Audit</c> (memory by
    /// default), created when first asked for, which the initializer does at start. A wrong setting stops composition
    /// here, a wrong or missing key stops start; either way the setting is named.
    /// </summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<AuditLogOptions>(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options.Checkpoints);
        services.AddSingleton(options.Witness);
        // The keys are read (from settings or files) when first asked for, which the initializer does at start.
        services.AddSingleton(_ => AuditSecrets.From(options));
        services.AddSingleton(sp => sp.GetRequiredService<AuditSecrets>().Keys);
        services.AddSingleton(sp => sp.GetRequiredService<AuditSecrets>().Signer);
        services.AddSingleton(sp => sp.GetRequiredService<AuditSecrets>().PublicKeys);
        services.AddSingleton(sp => AuditStorage.From(options, sp.GetRequiredService<AuditKeyRing>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredService<AuditStorage>().Log);
        services.AddSingleton(sp => sp.GetRequiredService<AuditStorage>().Checkpoints);

        services.AddHttpClient(HttpAuditWitness.ClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        if (options.Witness.File is { } file) services.AddSingleton<IAuditWitness>(new FileAuditWitness(file));
        if (options.Witness.Url is { } url)
            services.AddSingleton<IAuditWitness>(sp => new HttpAuditWitness(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpAuditWitness.ClientName), new Uri(url), options.Witness.Authorization));

        services.AddSingleton<AuditLogReadiness>();
        services.AddSingleton<AuditLogInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditLogInitializer>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "audit-log", sp => sp.GetRequiredService<AuditLogInitializer>(), HealthStatus.Unhealthy, ["ready"]));
        // Registered in this order so they stop the other way round: the last checkpoint is taken, then exported.
        services.AddSingleton<AuditWitnessExporter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWitnessExporter>());
        services.AddSingleton<AuditCheckpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointer>());
        return services;
    }
}
