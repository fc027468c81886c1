using System.Collections.Concurrent;
using System.Net;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Ingestion;
using CityMesh.Twin.Model;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Server.Tests.Ingestion;

/// <summary>
/// The server as <c>--target twin</c> on a real Kestrel on loopback, HTTP on any free port and gRPC (h2c) on its own,
/// with the in-memory store holding two traffic detectors, small telemetry limits, and a tap on <c>telemetry.raw</c>
/// recording every event gateways publish.
/// </summary>
public sealed class GrpcTwinHost : IAsyncLifetime
{
    public const string Detector = "urn:ngsi-ld:TrafficFlowObserved:jinan:g1";
    public const string Other = "urn:ngsi-ld:TrafficFlowObserved:jinan:g2";
    public const int ReadingsPerBatch = 50;
    public const int MessageBytes = 64 * 1024;
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private WebApplication _app = null!;
    private readonly List<GrpcChannel> _channels = [];

    /// <summary>Every event on <c>telemetry.raw</c>, in the order the bus delivered it.</summary>
    public ConcurrentQueue<CloudEvent> Published { get; } = new();

    public Uri Http { get; private set; } = null!;
    public Uri Grpc { get; private set; } = null!;
    public TwinService Twin => _app.Services.GetRequiredService<TwinService>();

    public async Task InitializeAsync()
    {
        _app = CityMeshHost.Build(["--target", "twin"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CityMesh:Twin:Store"] = "memory",
                [GrpcPort.Key] = "0",
                ["CityMesh:Limits:TelemetryReadingsPerBatch"] = ReadingsPerBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["CityMesh:Limits:TelemetryMessageBytes"] = MessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["CityMesh:Telemetry:Ingest:MaxWait"] = "00:00:00.005",
                ["Logging:LogLevel:Default"] = "Warning",
            }).AddInMemoryCollection(TestAccess.Settings());
        });
        _app.Services.GetRequiredService<IEventBus>().Subscribe(Topics.TelemetryRaw, "test-gateway-tap", (e, _) =>
        {
            Published.Enqueue(e);
            return Task.CompletedTask;
        });
        await _app.StartAsync();
        Grpc = _app.Services.GetRequiredService<GrpcPort>().Address;
        Http = new Uri(_app.Urls.First(u => new Uri(u).Port != Grpc.Port));
        foreach (var id in new[] { Detector, Other })
        {
            await Twin.CreateAsync(new Entity
            {
                Id = id,
                Type = EntityTypes.TrafficFlowObserved,
                Location = new Point(117.02, 36.66),
                Properties = new Dictionary<string, Property>
                {
                    ["intensity"] = new(TwinValue.Of(10), "E50", T0),
                    ["congested"] = new(TwinValue.Of(false), null, T0),
                },
                Relationships = new Dictionary<string, Relationship> { ["refRoadSegment"] = new("urn:ngsi-ld:RoadSegment:jinan:r1") },
            });
        }
        using var http = new HttpClient { BaseAddress = Http };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await http.GetAsync("/readyz", timeout.Token)).StatusCode != HttpStatusCode.OK) await Task.Delay(50, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels) channel.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>A client over HTTP/2 without TLS, sending <paramref name="apiKey"/> (none: anonymous) with every call.</summary>
    public TelemetryIngestion.TelemetryIngestionClient Client(string? apiKey)
    {
        var channel = Channel();
        var invoker = apiKey is null ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add("x-api-key", apiKey);
                return metadata;
            });
        return new TelemetryIngestion.TelemetryIngestionClient(invoker);
    }

    /// <param name="handler">The HTTP handler under the channel (one that fails on purpose); a plain one when null.</param>
    public GrpcChannel Channel(HttpMessageHandler? handler = null)
    {
        var channel = handler is null ? GrpcChannel.ForAddress(Grpc) : GrpcChannel.ForAddress(Grpc, new GrpcChannelOptions { HttpHandler = handler });
        _channels.Add(channel);
        return channel;
    }

    /// <summary>Every reading published for <paramref name="entityId"/> so far, across events.</summary>
    public IReadOnlyList<Reading> PublishedFor(string entityId) =>
        [.. Published.Where(e => e.Subject == entityId).SelectMany(e => TelemetryContent.Parse(e).Readings)];

    /// <summary>The attribute's current number in the twin; null while it has none.</summary>
    public async Task<double?> CurrentAsync(string entityId, string attribute) =>
        (await Twin.Store.GetAsync(entityId))?.Properties.TryGetValue(attribute, out var p) == true ? p.Value.Number : null;

    public static Reading Number(string entity, string attribute, double value, DateTimeOffset at, string unit = "") =>
        new() { EntityId = entity, Attribute = attribute, Number = value, UnitCode = unit, ObservedAt = Timestamp.FromDateTimeOffset(at) };

    public static ReadingBatch Batch(params Reading[] readings)
    {
        var batch = new ReadingBatch();
        batch.Readings.AddRange(readings);
        return batch;
    }

    public async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition()) return;
            await Task.Delay(10);
        }
        Assert.True(await condition(), "condition not met within 5 s");
    }
}
