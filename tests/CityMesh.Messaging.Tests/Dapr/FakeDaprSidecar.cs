using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Tests.Dapr;

/// <summary>
/// A Dapr sidecar with an in-memory pub/sub, on two loopback Kestrel ports like daprd: its gRPC API
/// (<see cref="FakeDaprGrpcApi"/>: publish, bulk publish, shutdown, with the runtime's status codes, the
/// <c>dapr-api-token</c> check and readiness) and its HTTP API (<c>GET /v1.0/healthz/outbound</c>, which the runtime
/// answers without a token). Towards the app it follows PROTOCOLS.md 1.1–1.3: subscription discovery read once
/// (<see cref="LoadSubscriptionsAsync"/> plays a sidecar (re)start), deliveries as <c>application/cloudevents+json</c>
/// or bulk envelopes with <c>dapr-api-token</c>, answered by the SUCCESS / RETRY / DROP table, a constant retry policy
/// (like a Resiliency <c>retries</c> policy on the component's inbound) and then the deadLetterTopic.
/// Each topic is delivered in order, one delivery at a time, like one Kafka partition.
/// </summary>
internal sealed class FakeDaprSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _toApp = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Channel<JsonObject>> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonElement> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _loops = new(StringComparer.Ordinal);
    private Uri? _appAddress;

    public string PubSubName { get; set; } = "citymesh-pubsub";

    /// <summary>The publishing app's id: the <c>source</c> of envelopes the sidecar makes, and named in refusals.</summary>
    public string AppId { get; set; } = "fake-app";

    /// <summary>The token the app must send (the sidecar's DAPR_API_TOKEN); null accepts any call.</summary>
    public string? ApiToken { get; set; }

    /// <summary>The token sent to the app on every call (APP_API_TOKEN).</summary>
    public string? AppApiToken { get; set; }

    public int MaxRetries { get; set; } = 5;
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The HTTP API (health).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The gRPC API (publishing).</summary>
    public Uri GrpcEndpoint { get; private set; } = null!;

    /// <summary>Components loaded: outbound health answers 204 and the gRPC API serves.</summary>
    public bool OutboundReady { get; set; } = true;

    public bool ShutdownRequested { get; set; }

    /// <summary>Topics denied by the access control policy (PermissionDenied).</summary>
    public HashSet<string> ForbiddenTopics { get; } = [];

    /// <summary>The next this-many publishes fail with Internal, as when the broker is down.</summary>
    public int FailingPublishes;

    /// <summary>The next this-many gRPC calls find the sidecar not ready yet (Unavailable), as while daprd starts.</summary>
    public int UnavailableCalls;

    /// <summary>Decides, per bulk entry (its event id, the how-many-th time that event is bulk-published), whether the broker fails it.</summary>
    public Func<string, int, bool> FailBulkEntry { get; set; } = (_, _) => false;

    /// <summary>Every gRPC call received, in order, before any check.</summary>
    public ConcurrentQueue<GrpcCall> Calls { get; } = new();

    public ConcurrentQueue<DeliveryAttempt> Deliveries { get; } = new();
    public ConcurrentQueue<(string Topic, string EventId, string Why)> Dropped { get; } = new();
    public ConcurrentQueue<(string Topic, string EventId)> DeadLettered { get; } = new();

    /// <summary>Every event the in-memory broker accepted, per topic, as stored (with the fields the sidecar adds).</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> Published { get; } = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, int> _bulkAttempts = new(StringComparer.Ordinal);

    private FakeDaprSidecar(WebApplication app) => _app = app;

    public static async Task<FakeDaprSidecar> StartAsync(Action<FakeDaprSidecar>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? http = null, grpc = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, o => (http = o).Protocols = HttpProtocols.Http1);
            // gRPC without TLS is HTTP/2 with prior knowledge, as daprd serves it on loopback.
            kestrel.Listen(IPAddress.Loopback, 0, o => (grpc = o).Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc();
        FakeDaprSidecar? sidecar = null;
        builder.Services.AddSingleton(_ => new FakeDaprGrpcApi(sidecar!));
        var app = builder.Build();
        sidecar = new FakeDaprSidecar(app);
        configure?.Invoke(sidecar);
        app.MapGet("/v1.0/healthz/outbound", () => sidecar.OutboundReady
            ? Results.NoContent()
            : Results.Json(new { errorCode = "ERR_HEALTH_NOT_READY", message = "dapr is not ready" }, statusCode: 500));
        app.MapGrpcService<FakeDaprGrpcApi>();
        await app.StartAsync();
        sidecar.Endpoint = new Uri($"http://{http!.IPEndPoint}");
        sidecar.GrpcEndpoint = new Uri($"http://{grpc!.IPEndPoint}");
        return sidecar;
    }

    internal bool TakeBrokerFailure() => TakeOne(ref FailingPublishes);

    internal bool TakeUnavailableCall() => TakeOne(ref UnavailableCalls);

    private static bool TakeOne(ref int counter)
    {
        while (true)
        {
            var n = Volatile.Read(ref counter);
            if (n <= 0) return false;
            if (Interlocked.CompareExchange(ref counter, n - 1, n) == n) return true;
        }
    }

    internal bool FailsBulkEntry(JsonObject envelope)
    {
        var id = envelope["id"]!.GetValue<string>();
        return FailBulkEntry(id, _bulkAttempts.AddOrUpdate(id, 1, (_, n) => n + 1));
    }

    internal void Accept(string topic, JsonObject envelope)
    {
        Published.GetOrAdd(topic, _ => new()).Enqueue(envelope);
        Queue(topic).Writer.TryWrite(envelope);
    }

    private Channel<JsonObject> Queue(string topic) => _topics.GetOrAdd(topic, _ => Channel.CreateUnbounded<JsonObject>());

    /// <summary>
    /// What the sidecar does when it starts: <c>GET /dapr/subscribe</c> on the app, once. Calling it again plays a
    /// sidecar restart. A 404 means no subscriptions.
    /// </summary>
    /// <param name="deliverTo">Where deliveries go, when not to <paramref name="app"/> (an app redeployed since).</param>
    public async Task LoadSubscriptionsAsync(Uri app, Uri? deliverTo = null)
    {
        _appAddress = deliverTo ?? app;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app, "/dapr/subscribe"));
        if (AppApiToken is not null) request.Headers.Add("dapr-api-token", AppApiToken);
        using var response = await _toApp.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound) return;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET /dapr/subscribe answered {(int)response.StatusCode}");
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return;
        using var doc = JsonDocument.Parse(text);
        foreach (var s in doc.RootElement.EnumerateArray())
        {
            // Go's encoding/json matches names case-insensitively; the fake is as lenient as the runtime.
            if (Property(s, "pubsubname")?.GetString() != PubSubName) continue;
            var topic = Property(s, "topic")!.Value.GetString()!;
            if (Property(s, "routes") is { } routes && Property(routes, "rules") is { ValueKind: JsonValueKind.Array } rules && rules.GetArrayLength() > 0)
                throw new NotSupportedException("the fake sidecar does not evaluate CEL match rules");
            _subscriptions[topic] = s.Clone();
            _ = _loops.GetOrAdd(topic, t => Task.Run(() => DeliverLoopAsync(t)));
        }
    }

    internal static JsonElement? Property(JsonElement e, string name)
    {
        foreach (var p in e.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    private async Task DeliverLoopAsync(string topic)
    {
        var reader = Queue(topic).Reader;
        var ct = _stopping.Token;
        try
        {
            while (await reader.WaitToReadAsync(ct))
            {
                var subscription = _subscriptions[topic];
                var route = Property(subscription, "route")?.GetString()
                    ?? (Property(subscription, "routes") is { } routes ? Property(routes, "default")?.GetString() : null)
                    ?? throw new InvalidOperationException($"subscription to {topic} has no route");
                var bulk = Property(subscription, "bulkSubscribe") is { } b && Property(b, "enabled")?.GetBoolean() == true ? b : (JsonElement?)null;
                if (bulk is { } settings)
                {
                    var max = Property(settings, "maxMessagesCount")?.GetInt32() ?? 100;
                    var wait = TimeSpan.FromMilliseconds(Property(settings, "maxAwaitDurationMs")?.GetInt32() ?? 1000);
                    var batch = new List<JsonObject>();
                    var deadline = DateTime.UtcNow + wait;
                    while (batch.Count < max)
                    {
                        if (reader.TryRead(out var next))
                        {
                            batch.Add(next);
                            continue;
                        }
                        var left = deadline - DateTime.UtcNow;
                        if (left <= TimeSpan.Zero) break;
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                        timeout.CancelAfter(left);
                        try
                        {
                            await reader.WaitToReadAsync(timeout.Token);
                        }
                        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                        {
                            break;
                        }
                    }
                    await DeliverBulkAsync(topic, subscription, route, batch, ct);
                }
                else if (reader.TryRead(out var single))
                {
                    await DeliverOneAsync(topic, subscription, route, single, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverOneAsync(string topic, JsonElement subscription, string route, JsonObject envelope, CancellationToken ct)
    {
        var id = envelope["id"]!.GetValue<string>();
        for (var attempt = 0; attempt <= MaxRetries; attempt++)
        {
            if (attempt > 0) await Task.Delay(RetryInterval, ct);
            var (code, body) = await PostAsync(route, "application/cloudevents+json", envelope.ToJsonString(), ct);
            Deliveries.Enqueue(new DeliveryAttempt(topic, [id], code, body));
            if (code == 404)
            {
                Dropped.Enqueue((topic, id, "app answered 404"));
                return;
            }
            if (code is < 200 or > 299) continue;
            switch (StatusOf(body))
            {
                case "SUCCESS":
                    return;
                case "DROP":
                    Dropped.Enqueue((topic, id, "app answered DROP"));
                    return;
            }
        }
        DeadLetter(topic, subscription, envelope);
    }

    private async Task DeliverBulkAsync(string topic, JsonElement subscription, string route, List<JsonObject> batch, CancellationToken ct)
    {
        var pending = batch.Select((e, i) => (EntryId: Guid.NewGuid().ToString(), Event: e)).ToList();
        for (var attempt = 0; attempt <= MaxRetries && pending.Count > 0; attempt++)
        {
            if (attempt > 0) await Task.Delay(RetryInterval, ct);
            var envelope = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["type"] = "com.dapr.event.sent",
                ["topic"] = topic,
                ["pubsubname"] = PubSubName,
                ["metadata"] = new JsonObject(),
                ["entries"] = new JsonArray([.. pending.Select(p => (JsonNode)new JsonObject
                {
                    ["entryId"] = p.EntryId,
                    ["event"] = p.Event.DeepClone(),
                    ["metadata"] = new JsonObject(),
                    ["contentType"] = "application/cloudevents+json",
                })]),
            };
            var (code, body) = await PostAsync(route, "application/json", envelope.ToJsonString(), ct);
            Deliveries.Enqueue(new DeliveryAttempt(topic, [.. pending.Select(p => p.Event["id"]!.GetValue<string>())], code, body));
            if (code == 404)
            {
                foreach (var p in pending) Dropped.Enqueue((topic, p.Event["id"]!.GetValue<string>(), "app answered 404"));
                return;
            }
            if (code is < 200 or > 299) continue;
            var statuses = new Dictionary<string, string>();
            if (JsonNode.Parse(body.Length == 0 ? "{}" : body) is JsonObject answer && answer["statuses"] is JsonArray list)
                foreach (var s in list.OfType<JsonObject>())
                    if (s["entryId"]?.GetValue<string>() is { } entryId) statuses[entryId] = s["status"]?.GetValue<string>() ?? "";
            var retry = new List<(string, JsonObject)>();
            foreach (var p in pending)
            {
                // A missing entryId counts as RETRY (pubsub_api.md).
                switch (statuses.GetValueOrDefault(p.EntryId))
                {
                    case "SUCCESS":
                        break;
                    case "DROP":
                        Dropped.Enqueue((topic, p.Event["id"]!.GetValue<string>(), "app answered DROP"));
                        break;
                    default:
                        retry.Add(p);
                        break;
                }
            }
            pending = retry;
        }
        foreach (var p in pending) DeadLetter(topic, subscription, p.Event);
    }

    private void DeadLetter(string topic, JsonElement subscription, JsonObject envelope)
    {
        var id = envelope["id"]!.GetValue<string>();
        if (Property(subscription, "deadLetterTopic")?.GetString() is { Length: > 0 } dlq)
        {
            DeadLettered.Enqueue((topic, id));
            var copy = (JsonObject)envelope.DeepClone();
            copy["topic"] = dlq;
            Accept(dlq, copy);
        }
        else
        {
            Dropped.Enqueue((topic, id, "retries exhausted, no deadLetterTopic"));
        }
    }

    /// <summary>The SUCCESS / RETRY / DROP table: 2xx with no parseable status is SUCCESS, an unknown status is RETRY.</summary>
    private static string StatusOf(string body)
    {
        try
        {
            if (body.Length == 0 || JsonNode.Parse(body) is not JsonObject answer || answer["status"] is not JsonValue v) return "SUCCESS";
            var status = v.GetValue<string>().ToUpperInvariant();
            return status is "SUCCESS" or "DROP" or "RETRY" ? status : "RETRY";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return "SUCCESS";
        }
    }

    private async Task<(int Code, string Body)> PostAsync(string route, string contentType, string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_appAddress!, route))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new(contentType);
        if (AppApiToken is not null) request.Headers.Add("dapr-api-token", AppApiToken);
        try
        {
            using var response = await _toApp.SendAsync(request, ct);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException e)
        {
            return (0, e.Message);
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_loops.Values);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
        _toApp.Dispose();
        _stopping.Dispose();
    }
}

internal sealed record DeliveryAttempt(string Topic, IReadOnlyList<string> EventIds, int StatusCode, string Answer);
