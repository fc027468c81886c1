using CityMesh.Access;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Limits;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Ingestion;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Tests.Ingestion;

/// <summary>
/// The gateway API when the bus cannot take a batch (brokers unreachable, the sidecar not ready): the call ends with
/// UNAVAILABLE, which gateways retry, naming the batch; batches acknowledged before it stay acknowledged.
/// </summary>
public sealed class IngestionPublishFailureTests : IAsyncLifetime
{
    private const string Detector = "urn:ngsi-ld:TrafficFlowObserved:test:d1";
    private readonly FailingBus _bus = new();
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;

    /// <summary>The memory bus, except that publishing on <c>telemetry.raw</c> fails while <see cref="Down"/>.</summary>
    private sealed class FailingBus : IEventBus
    {
        private readonly InMemoryEventBus _inner = new();
        public volatile bool Down;
        public int Published;

        public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default) => PublishBatchAsync(topic, [cloudEvent], ct);

        public async Task PublishBatchAsync(string topic, IEnumerable<CloudEvent> events, CancellationToken ct = default)
        {
            if (Down && topic == Topics.TelemetryRaw) throw new InvalidOperationException("brokers unreachable (test)");
            var list = events.ToList();
            await _inner.PublishBatchAsync(topic, list, ct);
            if (topic == Topics.TelemetryRaw) Interlocked.Add(ref Published, list.Count);
        }

        public IAsyncDisposable Subscribe(string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler) =>
            _inner.Subscribe(topic, subscriber, handler);

        public IAsyncDisposable SubscribeBatch(string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler, BatchOptions? options = null) =>
            _inner.SubscribeBatch(topic, subscriber, handler, options);
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IEventBus>(_bus);
        builder.Services.AddSingleton<ITwinStore>(new MemoryTwinStore());
        builder.Services.AddSingleton<TwinService>();
        builder.Services.AddSingleton<TelemetryIngestor>();
        builder.Services.AddSingleton(InputLimits.Default);
        TestCallers.AddAccess(builder);
        _app = builder.Build();
        TestCallers.UseAccess(_app);
        _app.MapGrpcService<TelemetryIngestionService>();
        await _app.StartAsync();
        await _app.Services.GetRequiredService<ITwinStore>().CreateAsync(new Entity
        {
            Id = Detector, Type = EntityTypes.TrafficFlowObserved, Location = new Point(117, 36.6),
            Properties = new Dictionary<string, Property> { ["intensity"] = new(TwinValue.Of(1), "E50", DateTimeOffset.UnixEpoch) },
        });
        _channel = GrpcChannel.ForAddress(_app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.DisposeAsync();
    }

    private static ReadingBatch Batch(double value, int minute)
    {
        var batch = new ReadingBatch();
        batch.Readings.Add(new Reading
        {
            EntityId = Detector, Attribute = "intensity", Number = value, UnitCode = "E50",
            ObservedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 5, 8, minute, 0, TimeSpan.Zero)),
        });
        return batch;
    }

    [Fact]
    public async Task A_batch_the_bus_refuses_ends_the_call_as_unavailable_after_the_earlier_acks()
    {
        var client = new TelemetryIngestion.TelemetryIngestionClient(_channel);
        using var call = client.IngestTelemetry(new Metadata { { AccessAuthentication.ApiKeyHeader, TestCallers.AdminKey } });
        await call.RequestStream.WriteAsync(Batch(10, 1));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(1, call.ResponseStream.Current.Published);

        _bus.Down = true;
        await call.RequestStream.WriteAsync(Batch(11, 2));
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("batch 2 could not be published on telemetry.raw", e.Status.Detail);
        Assert.Contains("brokers unreachable (test)", e.Status.Detail);
        Assert.Equal(1, _bus.Published);

        // Once the bus is back, resending is accepted: what gateways do after UNAVAILABLE.
        _bus.Down = false;
        using var again = client.IngestTelemetry(new Metadata { { AccessAuthentication.ApiKeyHeader, TestCallers.AdminKey } });
        await again.RequestStream.WriteAsync(Batch(11, 2));
        Assert.True(await again.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(1, again.ResponseStream.Current.Published);
        Assert.Equal(2, _bus.Published);
    }
}
