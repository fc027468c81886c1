using System.Text.Json.Serialization;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// One entry of the app's <c>GET /dapr/subscribe</c> answer, with the JSON names of the runtime's
/// <c>SubscriptionJSON</c> (dapr/dapr pkg/runtime/pubsub/subscriptions.go; PROTOCOLS.md 1.1).
/// </summary>
public sealed record DaprSubscription(
    [property: JsonPropertyName("pubsubname")] string PubSubName,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("metadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, string>? Metadata,
    [property: JsonPropertyName("deadLetterTopic")] string DeadLetterTopic,
    [property: JsonPropertyName("bulkSubscribe"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    DaprBulkSubscribe? BulkSubscribe);

/// <summary>Bulk delivery settings of a subscription (<c>bulkSubscribe</c>).</summary>
public sealed record DaprBulkSubscribe(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("maxMessagesCount")] int MaxMessagesCount,
    [property: JsonPropertyName("maxAwaitDurationMs")] int MaxAwaitDurationMs);

/// <summary>The app's answer for one delivered event (PROTOCOLS.md 1.3).</summary>
public enum DaprDeliveryStatus
{
    /// <summary>Handled (or a repeat of one already handled): the sidecar acks it.</summary>
    Success,

    /// <summary>Failed for now: the sidecar's resiliency policy redelivers it, then sends it to the dead-letter topic.</summary>
    Retry,

    /// <summary>Can never be handled; CityMesh has already dead-lettered it with the reason.</summary>
    Drop,
}
