using System.Text;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace CityMesh.Operator.Controller;

/// <summary>
/// Scenario events as events.k8s.io/v1 Events, posted through KubernetesClient with every field a new Event
/// requires, within the API's limits. Best effort: an event that cannot be written is logged, never thrown, because
/// it must not fail a reconcile.
/// </summary>
public sealed class ScenarioEventRecorder(IKubernetes kube, string reportingController, string reportingInstance, TimeProvider time,
    ILogger<ScenarioEventRecorder> logger) : IScenarioEvents
{
    /// <summary>The API's limits: note in bytes, the other strings in characters.</summary>
    public const int NoteLimitBytes = 1024, FieldLimit = 128;

    public async Task RecordAsync(TwinScenario scenario, string type, string reason, string action, string note, CancellationToken ct)
    {
        var ns = string.IsNullOrEmpty(scenario.Metadata.Namespace) ? "default" : scenario.Metadata.Namespace;
        var evt = new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = scenario.Metadata.Name + ".", NamespaceProperty = ns },
            EventTime = time.GetUtcNow().UtcDateTime,
            ReportingController = Truncate(reportingController, FieldLimit),
            ReportingInstance = Truncate(reportingInstance, FieldLimit),
            Action = Truncate(action, FieldLimit),
            Reason = Truncate(reason, FieldLimit),
            Type = type,
            Note = TruncateUtf8(note, NoteLimitBytes),
            Regarding = new V1ObjectReference
            {
                ApiVersion = scenario.ApiVersion,
                Kind = scenario.Kind,
                NamespaceProperty = scenario.Metadata.Namespace,
                Name = scenario.Metadata.Name,
                Uid = scenario.Metadata.Uid,
            },
        };
        try
        {
            await kube.EventsV1.CreateNamespacedEventAsync(evt, ns, cancellationToken: ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the event is dropped like any other best-effort write.
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not record event {Reason} on {Kind} {Namespace}/{Name}: {Message}",
                reason, scenario.Kind, ns, scenario.Metadata.Name, e.Message);
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
