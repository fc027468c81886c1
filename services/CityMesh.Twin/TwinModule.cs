using CityMesh.Limits;
using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Twin.Dashboard;
using CityMesh.Twin.Ingestion;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.ReadApi;
using CityMesh.Twin.Seeding;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Subscriptions;
using CityMesh.Twin.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Twin;

/// <summary>The twin target: registry, stores, telemetry ingestion (bus and gRPC), the NGSI-LD API, the gRPC read API and the dashboard.</summary>
public static class TwinModule
{
    public static IServiceCollection AddTwin(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<TwinOptions>(configuration);
        // The server binds one set of limits for every module; a twin composed alone runs on the defaults.
        services.TryAddSingleton(InputLimits.Default);
        services.AddSingleton(_ => TwinStores.Create(options));
        services.AddSingleton(sp => TwinStores.CreateChangeLog(options, sp.GetRequiredService<ITwinStore>()));
        services.AddSingleton<TwinService>();
        services.AddSingleton<Tenancy.TwinTenants>();
        services.TryAddSingleton<Ngsi.Access.NgsiAccess>();
        services.AddJsonLdContexts(configuration);
        services.AddSingleton<TwinStoreInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<TwinStoreInitializer>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "twin-store", sp => sp.GetRequiredService<TwinStoreInitializer>(), HealthStatus.Unhealthy, ["ready"]));
        services.AddSettings<TelemetryIngestorOptions>(configuration);
        services.AddSingleton<TelemetryIngestor>();
        // Readings by outcome and entities by type as metrics (the host exports them; CityMesh.Observability).
        services.AddMetrics();
        services.AddSettings<MetricsOptions>(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<Instrumentation.TwinMetrics>();
        // The city clock the dashboard shows, told by the telemetry the ingestor applies, whoever the sensors are.
        services.AddSingleton<TelemetryClock>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryClock>());
        services.AddTelemetryIngestion();
        services.AddTwinReader();
        services.AddCitySeeding(configuration);
        services.AddDashboard();
        services.AddTwinSubscriptions(configuration);

        // What the twin listens to: every sensor's readings, and its own changes for the dashboards it serves.
        services.AddEventBatchHandler<TelemetryIngestor>(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, sp => sp.GetRequiredService<TelemetryIngestor>().Batches);
        services.AddEventHandler<DashboardFeed>(Topics.TwinChanged, DashboardFeed.Subscriber);
        return services;
    }

    public static IEndpointRouteBuilder MapTwin(this IEndpointRouteBuilder endpoints)
    {
        Ngsi.NgsiLdEndpoints.MapNgsiLd(endpoints);
        endpoints.MapDashboard();
        endpoints.MapTelemetryIngestion();
        endpoints.MapTwinReader();
        return endpoints;
    }
}
