using CityMesh.Messaging.Instrumentation;
using CityMesh.LocalServers;
using CityMesh.Messaging;
using CityMesh.Messaging.Dapr;
using CityMesh.Messaging.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CityMesh.Server.Tests;

/// <summary><c>CityMesh:Messaging:Transport</c>: which bus the host runs on, and how a bad choice fails.</summary>
public sealed class MessagingTransportTests
{
    private static WebApplication Build(params (string Key, string Value)[] settings) =>
        CityMeshHost.Build(["--target", "twin"], builder => builder.Configuration.AddInMemoryCollection(
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))));

    private static async Task<HealthReport> ReadinessAsync(WebApplication app) =>
        await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == MessagingTransport.HealthCheckName);

    [Fact]
    public async Task Should_Run_On_The_In_Memory_Bus_By_Default()
    {
        await using var app = Build();
        Assert.IsType<InMemoryEventBus>(Assert.IsType<InstrumentedEventBus>(app.Services.GetRequiredService<IEventBus>()).Inner);
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync(app)).Status);
    }

    [Fact]
    public void Should_Refuse_An_Unknown_Transport_Naming_The_Key()
    {
        var e = Assert.Throws<TargetException>(() => Build((MessagingTransport.Key, "rabbitmq")));
        Assert.Equal("CityMesh:Messaging:Transport is 'rabbitmq'; use 'memory', 'dapr' or 'kafka'.", e.Message);
    }

    [Fact]
    public void Should_Refuse_Kafka_Without_Bootstrap_Servers()
    {
        var e = Assert.Throws<TargetException>(() => Build((MessagingTransport.Key, "kafka"), ("CityMesh:Messaging:Kafka:BootstrapServers", " ")));
        Assert.Contains("CityMesh:Messaging:Kafka:BootstrapServers is empty", e.Message);
    }

    [Fact]
    public async Task Should_Run_On_Kafka_And_Be_Ready_Once_The_Brokers_Answer()
    {
        await using var cluster = MockKafkaCluster.Start();
        await using var app = Build((MessagingTransport.Key, "Kafka"), ("CityMesh:Messaging:Kafka:BootstrapServers", cluster.BootstrapServers),
            ("CityMesh:Messaging:Kafka:Partitions", "4"));
        var bus = Assert.IsType<KafkaEventBus>(Assert.IsType<InstrumentedEventBus>(app.Services.GetRequiredService<IEventBus>()).Inner);
        Assert.Equal(cluster.BootstrapServers, bus.Options.BootstrapServers);
        var report = await ReadinessAsync(app);
        Assert.True(report.Status == HealthStatus.Healthy, report.Entries[MessagingTransport.HealthCheckName].Description);
    }

    [Fact]
    public async Task Should_Not_Be_Ready_On_Kafka_While_No_Broker_Answers()
    {
        await using var app = Build((MessagingTransport.Key, "kafka"), ("CityMesh:Messaging:Kafka:BootstrapServers", "127.0.0.1:1"));
        var report = await ReadinessAsync(app);
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("127.0.0.1:1", report.Entries[MessagingTransport.HealthCheckName].Description);
    }

    [Fact]
    public async Task Should_Run_On_Dapr_With_The_Sidecars_Routes_And_Readiness()
    {
        await using var app = Build((MessagingTransport.Key, "dapr"), ("CityMesh:Messaging:Dapr:AppApiToken", "app-token-0123456789"));
        Assert.IsType<DaprEventBus>(Assert.IsType<InstrumentedEventBus>(app.Services.GetRequiredService<IEventBus>()).Inner);
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.Contains(routes, r => r?.TrimStart('/') == "dapr/subscribe");
        var checks = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Contains(checks, c => c.Name == DaprEventBusServiceCollectionExtensions.HealthCheckName && c.Tags.Contains("ready"));
    }

    [Fact]
    public void Should_Refuse_The_Dapr_Transport_Without_An_App_Token_Unless_Told_Another_Guard_Holds()
    {
        // Without the token anyone reaching the app's port could deliver a forged proposal as if from the sidecar.
        var e = Assert.Throws<InvalidOperationException>(() => Build((MessagingTransport.Key, "dapr")));
        Assert.Contains("CityMesh:Messaging:Dapr:AppApiToken", e.Message);

        using var guarded = Build((MessagingTransport.Key, "dapr"), ("CityMesh:Messaging:Dapr:BehindAnotherGuard", "true"));
        Assert.IsType<DaprEventBus>(Assert.IsType<InstrumentedEventBus>(guarded.Services.GetRequiredService<IEventBus>()).Inner);
    }
}
