using CityMesh.Access;
using CityMesh.Governance.Actions;
using CityMesh.Governance.Actions.Api;
using CityMesh.Governance.Actions.Events;
using CityMesh.Governance.Actions.Execution;
using CityMesh.Governance.Actions.Storage;
using CityMesh.Governance.Audit;
using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Twin.Client;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CityMesh.Governance;

/// <summary>
/// Governance as a module: the action lifecycle (store, proposal consumer, expiry sweeper, execution on the twin),
/// the audit log, and their endpoints. The host registers callers once with <c>AddCityMeshAccess</c> and an
/// <c>IEventBus</c>; this module uses both.
/// </summary>
public static class GovernanceModule
{
    public static IServiceCollection AddGovernance(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<GovernanceOptions>(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAuditLog(configuration);
        services.AddSingleton<IActionStore>(_ => options.Store == "postgres"
            ? new PostgresActionStore(options.ConnectionString!)
            : new MemoryActionStore());
        services.AddSingleton<ActionStoreInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<ActionStoreInitializer>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "governance-actions", sp => sp.GetRequiredService<ActionStoreInitializer>(), HealthStatus.Unhealthy, ["ready"]));
        services.TryAddSingleton<TwinAddress>();
        // Governance executes approved actions on the twin as service:governance, the one caller that may change governed attributes.
        services.AddHttpClient(TwinPatcher.ClientName, http => http.Timeout = TimeSpan.FromSeconds(10)).AddServiceIdentity(ServiceIdentity.Governance);
        services.AddSingleton<TwinPatcher>();
        services.AddSingleton<Actions.Effects.EffectMeter>();
        services.AddSingleton<ActionGovernor>();
        services.AddHostedService<ExpirySweeper>();
        services.AddMetrics();
        services.AddSettings<MetricsOptions>(configuration);
        services.AddHostedService<GovernanceMetrics>();

        // What governance listens to: every proposal, from any domain.
        services.AddEventHandler<ProposalConsumer>(Topics.ActionsProposed, ProposalConsumer.Subscriber);
        return services;
    }

    public static IEndpointRouteBuilder MapGovernance(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGovernanceActions();
        endpoints.MapAudit();
        return endpoints;
    }
}
