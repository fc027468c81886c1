using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// The parts of the sidecar's HTTP API CityMesh uses (PROTOCOLS.md 1.4, 1.6): publish, bulk publish, outbound
/// health and shutdown. Every call carries <c>dapr-api-token</c> when <see cref="DaprOptions.ApiToken"/> is set.
/// </summary>
public sealed class DaprSidecarClient(HttpClient http, DaprOptions options, ILogger<DaprSidecarClient>? logger = null)
{
    private static readonly MediaTypeHeaderValue CloudEventMediaType = new(DaprCloudEventJson.ContentType);
    private readonly ILogger _logger = logger ?? NullLogger<DaprSidecarClient>.Instance;

    public DaprOptions Options => options;

    /// <summary>
    /// <c>POST /v1.0/publish/{pubsub}/{topic}</c> with our own CloudEvent envelope. The subject is the Kafka partition
    /// key, so one entity's events stay in order. 5xx and unreachable sidecars are retried with backoff.
    /// </summary>
    /// <exception cref="DaprPublishException">Forbidden (403), unknown pubsub or topic (404), or still failing after the retries.</exception>
    public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var body = DaprCloudEventJson.Serialize(cloudEvent);
        var path = $"v1.0/publish/{Escape(options.PubSubName)}/{Escape(topic)}"
            + (cloudEvent.Subject is { } key ? $"?metadata.partitionKey={Escape(key)}" : "");
        return PublishWithRetriesAsync(topic, path, body, ct);
    }

    private async Task PublishWithRetriesAsync(string topic, string path, byte[] body, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            DaprPublishException failure;
            try
            {
                using var request = Request(HttpMethod.Post, path);
                request.Content = new ByteArrayContent(body) { Headers = { ContentType = CloudEventMediaType } };
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode) return;
                failure = await PublishFailureAsync(topic, response, ct);
                if (!IsTransient(response.StatusCode)) throw failure;
            }
            catch (HttpRequestException e)
            {
                failure = new DaprPublishException(options.PubSubName, topic,
                    $"Dapr sidecar at {options.SidecarEndpoint} unreachable publishing to {options.PubSubName}/{topic}: {e.Message}", inner: e);
            }
            if (attempt >= options.PublishAttempts) throw failure;
            _logger.LogWarning("Publish to {PubSub}/{Topic} failed (attempt {Attempt}): {Error}", options.PubSubName, topic, attempt, failure.Message);
            await Task.Delay(Backoff(attempt), ct);
        }
    }

    /// <summary>
    /// <c>POST /v1.0-alpha1/publish/bulk/{pubsub}/{topic}</c>. On 500 the sidecar names the entries that failed; only
    /// those are sent again. Each entry carries its subject as <c>partitionKey</c>.
    /// </summary>
    /// <exception cref="DaprPublishException">Unknown pubsub (400/404), forbidden (403), or entries still failing after the retries (<see cref="DaprPublishException.FailedEntries"/>).</exception>
    public async Task BulkPublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (events.Count == 0) return;
        // Entry ids are positions: unique in the request even if a caller repeats an event id.
        var pending = Enumerable.Range(0, events.Count).ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), i => events[i]);
        var path = $"v1.0-alpha1/publish/bulk/{Escape(options.PubSubName)}/{Escape(topic)}";
        for (var attempt = 1; ; attempt++)
        {
            DaprPublishException failure;
            try
            {
                using var request = Request(HttpMethod.Post, path);
                request.Content = new ByteArrayContent(BulkBody(pending)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode) return;
                var error = await ReadErrorAsync(response, ct);
                if (response.StatusCode == HttpStatusCode.InternalServerError && error.FailedEntries.Count > 0)
                {
                    var failed = error.FailedEntries.Where(f => pending.ContainsKey(f.EntryId)).ToDictionary(f => f.EntryId, f => f.Error);
                    foreach (var id in pending.Keys.Where(id => !failed.ContainsKey(id)).ToArray()) pending.Remove(id);
                    failure = new DaprPublishException(options.PubSubName, topic,
                        $"Bulk publish to {options.PubSubName}/{topic}: {pending.Count} of {events.Count} events failed ({error.Describe()})",
                        response.StatusCode, error.ErrorCode, [.. pending.Select(p => new DaprFailedEntry(p.Value.Id, failed.GetValueOrDefault(p.Key, "")))]);
                }
                else
                {
                    failure = PublishFailure(topic, response.StatusCode, error, bulk: true,
                        [.. pending.Values.Select(e => new DaprFailedEntry(e.Id, error.Describe()))]);
                    if (!IsTransient(response.StatusCode)) throw failure;
                }
            }
            catch (HttpRequestException e)
            {
                failure = new DaprPublishException(options.PubSubName, topic,
                    $"Dapr sidecar at {options.SidecarEndpoint} unreachable bulk-publishing to {options.PubSubName}/{topic}: {e.Message}",
                    failedEntries: [.. pending.Values.Select(p => new DaprFailedEntry(p.Id, e.Message))], inner: e);
            }
            if (attempt >= options.PublishAttempts) throw failure;
            _logger.LogWarning("Bulk publish to {PubSub}/{Topic} failed (attempt {Attempt}): {Error}", options.PubSubName, topic, attempt, failure.Message);
            await Task.Delay(Backoff(attempt), ct);
        }
    }

    private static byte[] BulkBody(Dictionary<string, CloudEvent> entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (entryId, e) in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("entryId", entryId);
                writer.WritePropertyName("event");
                DaprCloudEventJson.Write(writer, e);
                writer.WriteString("contentType", DaprCloudEventJson.ContentType);
                if (e.Subject is not null)
                {
                    writer.WriteStartObject("metadata");
                    writer.WriteString("partitionKey", e.Subject);
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return buffer.ToArray();
    }

    /// <summary><c>GET /v1.0/healthz/outbound</c>: 204 once the sidecar's components are ready (the app channel may not be).</summary>
    public async Task<bool> IsOutboundReadyAsync(CancellationToken ct = default)
    {
        try
        {
            using var request = Request(HttpMethod.Get, "v1.0/healthz/outbound");
            using var response = await http.SendAsync(request, ct);
            return response.StatusCode == HttpStatusCode.NoContent;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Polls the outbound health endpoint until it answers 204.</summary>
    /// <exception cref="DaprSidecarException">Not ready within <paramref name="timeout"/>.</exception>
    public async Task WaitForOutboundAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await IsOutboundReadyAsync(ct)) return;
            if (clock.Elapsed >= timeout)
                throw new DaprSidecarException(
                    $"Dapr sidecar at {options.SidecarEndpoint} not ready (GET /v1.0/healthz/outbound) within {timeout.TotalSeconds:0.#} s (DAPR_HEALTH_TIMEOUT)");
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250, Math.Max(10, timeout.TotalMilliseconds / 20))), ct);
        }
    }

    /// <summary><c>POST /v1.0/shutdown</c>: a Job calls it when done, so the sidecar exits and the pod can complete.</summary>
    public async Task ShutdownAsync(CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Post, "v1.0/shutdown");
        using var response = await http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return;
        var error = await ReadErrorAsync(response, ct);
        throw new DaprSidecarException($"Dapr sidecar at {options.SidecarEndpoint} refused shutdown: {(int)response.StatusCode} {error.Describe()}",
            response.StatusCode, error.ErrorCode);
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(options.SidecarEndpoint, path));
        if (options.ApiToken is { } token) request.Headers.TryAddWithoutValidation("dapr-api-token", token);
        return request;
    }

    private async Task<DaprPublishException> PublishFailureAsync(string topic, HttpResponseMessage response, CancellationToken ct) =>
        PublishFailure(topic, response.StatusCode, await ReadErrorAsync(response, ct), bulk: false, []);

    private DaprPublishException PublishFailure(string topic, HttpStatusCode status, DaprError error, bool bulk, IReadOnlyList<DaprFailedEntry> failed)
    {
        var target = $"{options.PubSubName}/{topic}";
        var what = bulk ? "Bulk publish" : "Publish";
        var message = status switch
        {
            HttpStatusCode.Forbidden => $"{what} to {target} forbidden by the Dapr access control policy (403)",
            HttpStatusCode.NotFound => $"{what} to {target}: pubsub '{options.PubSubName}' or topic '{topic}' not found by the Dapr sidecar (404)",
            HttpStatusCode.BadRequest when bulk => $"{what} to {target}: pubsub '{options.PubSubName}' does not exist or the request is malformed (400)",
            HttpStatusCode.Unauthorized => $"{what} to {target}: the Dapr sidecar rejected our dapr-api-token (401; check DAPR_API_TOKEN)",
            HttpStatusCode.InternalServerError => $"{what} to {target}: the Dapr sidecar could not deliver to the broker (500)",
            _ => $"{what} to {target} failed with HTTP {(int)status}",
        };
        return new DaprPublishException(options.PubSubName, topic, $"{message}: {error.Describe()}", status, error.ErrorCode, failed);
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private TimeSpan Backoff(int attempt) => options.RetryBackoff * (1 << Math.Min(attempt - 1, 10));

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static async Task<DaprError> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) return new DaprError(null, null, [], "");
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new DaprError(null, null, [], text);
            string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var failed = root.TryGetProperty("failedEntries", out var entries) && entries.ValueKind == JsonValueKind.Array
                ? entries.EnumerateArray().Where(x => Str(x, "entryId") is not null).Select(x => (Str(x, "entryId")!, Str(x, "error") ?? "")).ToList()
                : [];
            return new DaprError(Str(root, "errorCode"), Str(root, "message"), failed, text);
        }
        catch (JsonException)
        {
            return new DaprError(null, null, [], text);
        }
    }

    /// <summary>Dapr's error body: <c>{"errorCode","message"}</c>, plus <c>failedEntries</c> on bulk publish.</summary>
    private sealed record DaprError(string? ErrorCode, string? Message, List<(string EntryId, string Error)> FailedEntries, string Raw)
    {
        public string Describe() => ErrorCode is null && Message is null
            ? (Raw.Length == 0 ? "no error body" : Raw)
            : $"{ErrorCode} {Message}".Trim();
    }
}
