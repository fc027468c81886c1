using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Tests.Dapr;

/// <summary>
/// A Dapr sidecar with an in-memory pub/sub, on a loopback Kestrel port, following PROTOCOLS.md section 1: publish and
/// bulk publish with their status codes and error bodies, outbound health, shutdown, <c>dapr-api-token</c> both ways,
/// subscription discovery read once (<see cref="LoadSubscriptionsAsync"/> plays a sidecar (re)start), deliveries as
/// <c>application/cloudevents+json</c> or bulk envelopes answered by the SUCCESS / RETRY / DROP table, a constant
/// retry policy (like a Resiliency <c>retries</c> policy on the component's inbound) and then the deadLetterTopic.
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

    /// <summary>The token the app must send (the sidecar's DAPR_API_TOKEN); null accepts any call.</summary>
    public string? ApiToken { get; set; }

    /// <summary>The token sent to the app on every call (APP_API_TOKEN).</summary>
    public string? AppApiToken { get; set; }

    public int MaxRetries { get; set; } = 5;
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    public Uri Endpoint { get; private set; } = null!;
    public bool OutboundReady { get; set; } = true;
    public bool ShutdownRequested { get; private set; }

    /// <summary>Topics denied by the access control policy (answered 403).</summary>
    public HashSet<string> ForbiddenTopics { get; } = [];

    /// <summary>The next this-many publishes fail with 500, as when the broker is down.</summary>
    public int FailingPublishes;

    /// <summary>Decides, per bulk entry (entryId, attempt), whether the broker fails it.</summary>
    public Func<string, int, bool> FailBulkEntry { get; set; } = (_, _) => false;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public ConcurrentQueue<DeliveryAttempt> Deliveries { get; } = new();
    public ConcurrentQueue<(string Topic, string EventId, string Why)> Dropped { get; } = new();
    public ConcurrentQueue<(string Topic, string EventId)> DeadLettered { get; } = new();

    /// <summary>Every event the in-memory broker accepted, per topic, as stored (with the fields the sidecar adds).</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> Published { get; } = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, int> _bulkAttempts = new();

    private FakeDaprSidecar(WebApplication app) => _app = app;

    public static async Task<FakeDaprSidecar> StartAsync(Action<FakeDaprSidecar>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sidecar = new FakeDaprSidecar(app);
        configure?.Invoke(sidecar);
        sidecar.Map(app);
        await app.StartAsync();
        sidecar.Endpoint = new Uri(app.Urls.First());
        return sidecar;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var recorded = await RecordedRequest.ReadAsync(context.Request);
            context.Items[typeof(RecordedRequest)] = recorded;
            Requests.Enqueue(recorded);
            if (ApiToken is not null && context.Request.Headers["dapr-api-token"] != ApiToken)
            {
                // The runtime's api-token middleware answers 401 before any route.
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { errorCode = "ERR_UNAUTHORIZED", message = "invalid api token" });
                return;
            }
            await next();
        });
        app.MapGet("/v1.0/healthz/outbound", () => OutboundReady ? Results.NoContent() : Results.StatusCode(500));
        app.MapPost("/v1.0/shutdown", () =>
        {
            ShutdownRequested = true;
            return Results.NoContent();
        });
        app.MapPost("/v1.0/publish/{pubsub}/{topic}", (HttpContext context, string pubsub, string topic) => Publish(context, pubsub, topic));
        app.MapPost("/v1.0-alpha1/publish/bulk/{pubsub}/{topic}", (HttpContext context, string pubsub, string topic) => BulkPublish(context, pubsub, topic));
    }

    private static IResult Error(int status, string code, string message) => Results.Json(new { errorCode = code, message }, statusCode: status);

    private IResult Publish(HttpContext context, string pubsub, string topic)
    {
        var request = (RecordedRequest)context.Items[typeof(RecordedRequest)]!;
        if (pubsub != PubSubName) return Error(404, "ERR_PUBSUB_NOT_FOUND", $"pubsub {pubsub} not found");
        if (ForbiddenTopics.Contains(topic)) return Error(403, "ERR_PUBSUB_FORBIDDEN", $"topic {topic} is not allowed for app id fake-app");
        if (TakeFailure())
            return Error(500, "ERR_PUBSUB_PUBLISH_MESSAGE", $"error when publish to topic {topic} in pubsub {pubsub}: broker unavailable");
        var envelope = Envelope(request.Body, request.ContentType, topic, pubsub);
        if (envelope is null) return Error(400, "ERR_PUBSUB_CLOUD_EVENTS_SER", "body is not a CloudEvent");
        Accept(topic, envelope);
        return Results.NoContent();
    }

    private bool TakeFailure()
    {
        while (true)
        {
            var n = Volatile.Read(ref FailingPublishes);
            if (n <= 0) return false;
            if (Interlocked.CompareExchange(ref FailingPublishes, n - 1, n) == n) return true;
        }
    }

    private IResult BulkPublish(HttpContext context, string pubsub, string topic)
    {
        var request = (RecordedRequest)context.Items[typeof(RecordedRequest)]!;
        if (pubsub != PubSubName) return Error(400, "ERR_PUBSUB_NOT_FOUND", $"pubsub {pubsub} not found");
        if (ForbiddenTopics.Contains(topic)) return Error(403, "ERR_PUBSUB_FORBIDDEN", $"topic {topic} is not allowed for app id fake-app");
        var entries = JsonNode.Parse(request.Body)!.AsArray();
        var failed = new List<object>();
        foreach (var entry in entries)
        {
            var entryId = entry!["entryId"]!.GetValue<string>();
            var attempt = _bulkAttempts.AddOrUpdate(entryId + "@" + topic + "@" + entry["event"]?["id"], 1, (_, n) => n + 1);
            if (FailBulkEntry(entryId, attempt))
            {
                failed.Add(new { entryId, error = "broker refused the message" });
                continue;
            }
            var contentType = entry["contentType"]?.GetValue<string>() ?? "application/json";
            var envelope = Envelope(Encoding.UTF8.GetBytes(entry["event"]!.ToJsonString()), contentType, topic, pubsub);
            if (envelope is null) failed.Add(new { entryId, error = "event is not a CloudEvent" });
            else Accept(topic, envelope);
        }
        return failed.Count == 0
            ? Results.NoContent()
            : Results.Json(new { failedEntries = failed, errorCode = "ERR_PUBSUB_PUBLISH_MESSAGE" }, statusCode: 500);
    }

    /// <summary>Our own envelope is kept, with what the sidecar fills in; any other body is wrapped as Dapr does.</summary>
    private static JsonObject? Envelope(byte[] body, string? contentType, string topic, string pubsub)
    {
        JsonObject envelope;
        if (contentType?.StartsWith("application/cloudevents+json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                envelope = JsonNode.Parse(body) as JsonObject ?? throw new JsonException();
            }
            catch (JsonException)
            {
                return null;
            }
        }
        else
        {
            var type = contentType ?? "text/plain";
            envelope = new JsonObject { ["datacontenttype"] = type };
            envelope["data"] = type.Contains("json", StringComparison.OrdinalIgnoreCase) ? JsonNode.Parse(body) : JsonValue.Create(Encoding.UTF8.GetString(body));
        }
        envelope.TryAdd("specversion", "1.0");
        envelope.TryAdd("id", Guid.NewGuid().ToString());
        envelope.TryAdd("source", "fake-app");
        envelope.TryAdd("type", "com.dapr.event.sent");
        envelope.TryAdd("datacontenttype", "application/json");
        envelope.TryAdd("time", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        envelope["topic"] = topic;
        envelope["pubsubname"] = pubsub;
        var traceparent = envelope["traceparent"]?.GetValue<string>() ?? "00-00000000000000000000000000000001-0000000000000001-01";
        envelope["traceparent"] = traceparent;
        envelope["traceid"] = traceparent;
        envelope.TryAdd("tracestate", "");
        return envelope;
    }

    private void Accept(string topic, JsonObject envelope)
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

internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? ContentType, string? Token, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public static async Task<RecordedRequest> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        request.Body = new MemoryStream(body);
        return new RecordedRequest(request.Method, request.Path.Value ?? "", request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            request.ContentType, request.Headers.TryGetValue("dapr-api-token", out var t) ? t.ToString() : null, body);
    }
}
