using System.Diagnostics;

namespace CityMesh.Messaging.Instrumentation;

/// <summary>
/// Where a consumer's span belongs, from the W3C <c>traceparent</c> its events carry (<see cref="CloudEvent.TraceParent"/>):
/// one event, or a batch whose events all belong to one trace, continues that trace as a child; a batch from many
/// traces starts its own and links to theirs (the OpenTelemetry messaging convention for batch processing), so each
/// reading's trace still leads to the batch that applied it.
/// </summary>
public static class TraceParents
{
    /// <summary>Links kept per batch span: enough to follow a sample of its events, few enough to stay cheap.</summary>
    public const int MaxLinks = 32;

    public static (ActivityContext Parent, List<ActivityLink>? Links) Of(IReadOnlyList<CloudEvent> events)
    {
        ActivityContext first = default;
        List<ActivityLink>? links = null;
        var oneTrace = true;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].TraceParent is not { } text || !ActivityContext.TryParse(text, null, isRemote: true, out var context)) continue;
            if (first == default) first = context;
            else if (context.TraceId != first.TraceId) oneTrace = false;
            if ((links ??= []).Count < MaxLinks) links.Add(new ActivityLink(context));
        }
        return oneTrace ? (first, null) : (default, links);
    }
}
