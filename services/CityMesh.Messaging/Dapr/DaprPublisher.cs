using Dapr;
using Dapr.Client;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// Publishes our CloudEvents through <see cref="DaprClient"/> (gRPC to the sidecar): single events as our own
/// <c>application/cloudevents+json</c> envelope, batches with bulk publish. The subject is the Kafka partition key, so
/// one entity's events stay in order. Transient failures (Internal, Unavailable, ...) are retried with backoff; the
/// others throw at once.
/// </summary>
public sealed class DaprPublisher(DaprClient dapr, DaprOptions options, ILogger<DaprPublisher>? logger = null)
{
    /// <summary>Bulk calls in flight at once for one batch (one per subject, see <see cref="BulkPublishAsync"/>).</summary>
    private const int ConcurrentBulkCalls = 8;

    private readonly ILogger _logger = logger ?? NullLogger<DaprPublisher>.Instance;

    public DaprOptions Options => options;

    /// <exception cref="DaprPublishException">Forbidden, unknown pubsub, wrong token, or still failing after the retries.</exception>
    public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var body = DaprCloudEventJson.Serialize(cloudEvent);
        var metadata = PartitionKey(cloudEvent.Subject);
        return WithRetriesAsync(topic, "Publish", [cloudEvent], async () =>
        {
            await dapr.PublishByteEventAsync(options.PubSubName, topic, body, DaprCloudEventJson.ContentType, metadata, ct);
            return [];
        }, ct);
    }

    /// <summary>
    /// Bulk-publishes <paramref name="events"/>. The SDK gives every entry the request's metadata, and the partition
    /// key must be each event's subject, so each subject's events go in calls of their own (bounded in entries and bytes,
    /// one after the other, in order), a few subjects at once.
    /// </summary>
    /// <exception cref="DaprPublishException">Some events not published; <see cref="DaprPublishException.FailedEntries"/> names them.</exception>
    public async Task BulkPublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (events.Count == 0) return;
        var failures = new List<DaprPublishException>();
        var bySubject = events.GroupBy(e => e.Subject).ToArray();
        await Parallel.ForEachAsync(bySubject, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentBulkCalls, CancellationToken = ct },
            async (group, token) =>
            {
                try
                {
                    await PublishOneSubjectAsync(topic, group.Key, [.. group], token);
                }
                catch (DaprPublishException failure)
                {
                    lock (failures) failures.Add(failure);
                }
            });
        if (failures.Count == 0) return;
        var failed = failures.SelectMany(f => f.FailedEntries).ToArray();
        throw new DaprPublishException(options.PubSubName, topic,
            $"Bulk publish to {options.PubSubName}/{topic}: {failed.Length} of {events.Count} events not published ({failures[0].Message})",
            failures[0].Status, failed, failures[0]);
    }

    /// <summary>
    /// One subject's events in bulk calls of at most <see cref="DaprOptions.BulkPublishMaxEntries"/> entries and about
    /// <see cref="DaprOptions.BulkPublishMaxBytes"/> of envelopes each (the sidecar refuses a request over its body
    /// limit, 4 MiB by default; a <c>twin.changed</c> event holds up to 64 KB of changes), one after the other so they stay
    /// in order. An event larger than the bound goes alone.
    /// </summary>
    private async Task PublishOneSubjectAsync(string topic, string? subject, IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var start = 0;
        while (start < events.Count)
        {
            var end = start;
            long bytes = 0;
            while (end < events.Count && end - start < options.BulkPublishMaxEntries)
            {
                var size = EnvelopeBytes(events[end]);
                if (end > start && bytes + size > options.BulkPublishMaxBytes) break;
                bytes += size;
                end++;
            }
            await PublishOneCallAsync(topic, subject, [.. events.Skip(start).Take(end - start)], ct);
            start = end;
        }
    }

    /// <summary>An upper estimate of an event's bulk entry: its data as the envelope carries it (binary as base64) and its attributes.</summary>
    internal static long EnvelopeBytes(CloudEvent e)
    {
        var data = e.HasJsonData
            ? e.JsonUtf8().Length
            : (e.BinaryData.Length + 2) / 3 * 4;
        var attributes = e.Id.Length + e.Source.Length + e.Type.Length + (e.Subject?.Length ?? 0) + e.DataContentType.Length + (e.TraceParent?.Length ?? 0);
        return data + 3L * attributes + 256; // attributes as UTF-8 at most three bytes a char, plus names, time and the entry's own fields
    }

    private Task PublishOneCallAsync(string topic, string? subject, IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var metadata = PartitionKey(subject);
        var pending = events.Select(e => new DaprEnvelope(e)).ToList();
        return WithRetriesAsync(topic, "Bulk publish", events, async () =>
        {
            var response = await dapr.BulkPublishEventAsync(options.PubSubName, topic, pending, metadata, ct);
            // The runtime fails the whole call when an entry fails; an older one answered with the failed entries: resend only those.
            pending = [.. response.FailedEntries.Select(f => f.Entry.EventData)];
            return [.. response.FailedEntries.Select(f => new DaprFailedEntry(f.Entry.EventData.Event.Id, f.ErrorMessage))];
        }, ct);
    }

    /// <param name="call">Publishes; returns the entries the sidecar reported as failed (none when all went through).</param>
    private async Task WithRetriesAsync(string topic, string what, IReadOnlyList<CloudEvent> events, Func<Task<DaprFailedEntry[]>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            DaprPublishException failure;
            try
            {
                var failed = await call();
                if (failed.Length == 0) return;
                failure = new DaprPublishException(options.PubSubName, topic,
                    $"{what} to {options.PubSubName}/{topic}: {failed.Length} of {events.Count} events failed ({failed[0].Error})", StatusCode.Internal, failed);
            }
            catch (DaprException e) when (e.InnerException is RpcException rpc)
            {
                if (rpc.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested) throw new OperationCanceledException(ct);
                failure = Failure(topic, what, rpc, [.. events.Select(x => new DaprFailedEntry(x.Id, rpc.Status.Detail))]);
                if (!IsTransient(rpc.StatusCode)) throw failure;
            }
            if (attempt >= options.PublishAttempts) throw failure;
            _logger.LogWarning("{What} to {PubSub}/{Topic} failed (attempt {Attempt}): {Error}", what, options.PubSubName, topic, attempt, failure.Message);
            await Task.Delay(Backoff(attempt), ct);
        }
    }

    private DaprPublishException Failure(string topic, string what, RpcException rpc, IReadOnlyList<DaprFailedEntry> failed)
    {
        var target = $"{options.PubSubName}/{topic}";
        var message = rpc.StatusCode switch
        {
            StatusCode.PermissionDenied => $"{what} to {target} forbidden by the Dapr access control policy",
            // The runtime answers InvalidArgument for a pubsub it does not know, and for an empty topic.
            StatusCode.InvalidArgument or StatusCode.NotFound => $"{what} to {target}: pubsub '{options.PubSubName}' or topic '{topic}' refused by the Dapr sidecar",
            StatusCode.Unauthenticated => $"{what} to {target}: the Dapr sidecar rejected our dapr-api-token (check DAPR_API_TOKEN)",
            StatusCode.FailedPrecondition => $"{what} to {target}: the Dapr sidecar has no pubsub component loaded",
            StatusCode.Unavailable => $"{what} to {target}: the Dapr sidecar at {options.SidecarGrpcEndpoint} is unreachable or not ready",
            StatusCode.Internal => $"{what} to {target}: the Dapr sidecar could not deliver to the broker",
            _ => $"{what} to {target} failed",
        };
        return new DaprPublishException(options.PubSubName, topic, $"{message} ({rpc.StatusCode}: {rpc.Status.Detail})", rpc.StatusCode, failed, rpc);
    }

    private static bool IsTransient(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted
            or StatusCode.Aborted or StatusCode.Unknown;

    private TimeSpan Backoff(int attempt) => options.RetryBackoff * (1 << Math.Min(attempt - 1, 10));

    /// <summary>Dapr's Kafka component keys a message by the <c>partitionKey</c> metadata.</summary>
    private static Dictionary<string, string>? PartitionKey(string? subject) =>
        subject is null ? null : new Dictionary<string, string> { ["partitionKey"] = subject };
}
