using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace CityMesh.Kubernetes;

/// <summary>
/// Posts events.k8s.io/v1 Events (PROTOCOLS.md §2.5) with every field a new Event requires. Best effort: an event
/// that cannot be written is logged, never thrown, because it must not fail a reconcile.
/// </summary>
public sealed class EventRecorder(IKubeApi api, string reportingController, string reportingInstance, TimeProvider time, ILogger logger)
{
    public const int NoteLimitBytes = 1024;
    public const int FieldLimit = 128;

    public async Task RecordAsync(ObjectReference regarding, string type, string reason, string action, string note, CancellationToken ct)
    {
        var ns = string.IsNullOrEmpty(regarding.Namespace) ? "default" : regarding.Namespace;
        var body = new JsonObject
        {
            ["apiVersion"] = KubeResource.Events.ApiVersion,
            ["kind"] = KubeResource.Events.Kind,
            ["metadata"] = new JsonObject { ["generateName"] = regarding.Name + ".", ["namespace"] = ns },
            ["eventTime"] = MicroTime.Format(time.GetUtcNow()),
            ["reportingController"] = Truncate(reportingController, FieldLimit),
            ["reportingInstance"] = Truncate(reportingInstance, FieldLimit),
            ["action"] = Truncate(action, FieldLimit),
            ["reason"] = Truncate(reason, FieldLimit),
            ["type"] = type,
            ["note"] = TruncateUtf8(note, NoteLimitBytes),
            ["regarding"] = new JsonObject
            {
                ["apiVersion"] = regarding.ApiVersion,
                ["kind"] = regarding.Kind,
                ["namespace"] = regarding.Namespace,
                ["name"] = regarding.Name,
                ["uid"] = regarding.Uid,
            },
        };
        try
        {
            await api.CreateAsync(KubeResource.Events, ns, body, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Could not record event {Reason} on {Kind} {Namespace}/{Name}: {Message}",
                reason, regarding.Kind, ns, regarding.Name, e.Message);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the event is dropped like any other best-effort write.
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary>The API limit is in bytes; cut on a character boundary so the JSON stays valid UTF-8.</summary>
    internal static string TruncateUtf8(string value, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(value) <= maxBytes) return value;
        var length = value.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(value.AsSpan(0, length)) > maxBytes) length--;
        if (length > 0 && char.IsHighSurrogate(value[length - 1])) length--;
        return value[..length];
    }
}
