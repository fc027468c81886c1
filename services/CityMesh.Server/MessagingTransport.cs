using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Messaging.Dapr;
using CityMesh.Messaging.Instrumentation;
using CityMesh.Messaging.Kafka;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CityMesh.Server;

/// <summary>
/// Picks the event bus from <c>CityMesh:Messaging:Transport</c>: <c>memory</c> (default, one process), <c>dapr</c>
/// (the Dapr SDK: DaprClient over gRPC, Dapr.AspNetCore subscriptions) or <c>kafka</c> (Confluent.Kafka, options from <c>CityMesh:Messaging:Kafka</c>). Each
/// adds a readiness check tagged <c>ready</c>, so <c>/readyz</c> waits for the bus.
/// </summary>
public static class MessagingTransport
{
    public const string Key = "CityMesh:Messaging:Transport";
    public const string Memory = "memory";
    public const string Dapr = "dapr";
    public const string Kafka = "kafka";
    public const string HealthCheckName = "event-bus";

    /// <returns>The transport chosen, for <see cref="Map"/>.</returns>
    /// <exception cref="TargetException">An unknown transport, or one that cannot run here; the message says why.</exception>
    public static string Add(IServiceCollection services, IConfiguration configuration)
    {
        var transport = (configuration[Key] ?? Memory).Trim().ToLowerInvariant();
        switch (transport)
        {
            case Memory:
                services.AddSingleton<InMemoryEventBus>(sp => new InMemoryEventBus(logger: sp.GetService<ILogger<InMemoryEventBus>>()));
                Instrument<InMemoryEventBus>(services, Memory);
                services.AddHealthChecks().AddCheck(HealthCheckName, () => HealthCheckResult.Healthy("in-memory bus"), ["ready"]);
                break;
            case Kafka:
                try
                {
                    KafkaNative.EnsureLoaded(); // fail at start, not at the first publish, when librdkafka is missing
                }
                catch (KafkaNativeLibraryException e)
                {
                    throw new TargetException($"{Key} is 'kafka' but librdkafka cannot be loaded: {e.Message}");
                }
                var options = configuration.ReadSettings<KafkaOptions>();
                if (string.IsNullOrWhiteSpace(options.BootstrapServers))
                    throw new TargetException($"{Key} is 'kafka' but {KafkaOptions.SectionName}:BootstrapServers is empty.");
                services.AddSingleton(options);
                services.AddSingleton(sp => new KafkaEventBus(sp.GetRequiredService<KafkaOptions>(), sp.GetService<ILoggerFactory>()));
                Instrument<KafkaEventBus>(services, Kafka);
                services.AddHealthChecks().AddCheck<KafkaReadiness>(HealthCheckName, tags: ["ready"]);
                break;
            case Dapr:
                services.AddDaprEventBus(configuration); // registers its own sidecar readiness check, tagged ready
                Instrument<DaprEventBus>(services, Dapr);
                break;
            default:
                throw new TargetException($"{Key} is '{configuration[Key]}'; use '{Memory}', '{Dapr}' or '{Kafka}'.");
        }
        return transport;
    }

    /// <summary>
    /// What the modules get as <see cref="IEventBus"/>: the transport, traced and measured (<see cref="InstrumentedEventBus"/>).
    /// The transport itself stays registered as its own type, which owns it (the decorator disposes nothing).
    /// </summary>
    private static void Instrument<TBus>(IServiceCollection services, string system) where TBus : class, IEventBus =>
        services.Replace(ServiceDescriptor.Singleton<IEventBus>(sp => new InstrumentedEventBus(sp.GetRequiredService<TBus>(), system)));

    /// <summary>The endpoints a transport needs on the app: Dapr's subscription and delivery routes.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, string transport)
    {
        if (transport == Dapr) endpoints.MapDaprSubscriptions();
    }

    /// <summary>Ready while the brokers answer a metadata request, asked again on every check.</summary>
    private sealed class KafkaReadiness(KafkaEventBus bus) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                // Inside the kubelet's 3 s probe timeout, so a silent cluster reads as a reason, not a probe timeout.
                var brokers = await bus.CountBrokersAsync(TimeSpan.FromSeconds(2)).WaitAsync(ct);
                return HealthCheckResult.Healthy($"kafka at {bus.Options.BootstrapServers}: {brokers} broker(s)");
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"kafka at {bus.Options.BootstrapServers}: {e.Message}");
            }
        }
    }
}
