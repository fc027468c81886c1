namespace CityMesh.Messaging.Dapr;

/// <summary>A topic the app subscribes to, and its bulk settings when a batch subscriber wants bulk deliveries.</summary>
internal sealed record DaprTopic(string Name, DaprTopicBatching? Batching);

/// <summary>Dapr's <c>bulkSubscribe</c> settings of a topic.</summary>
internal sealed record DaprTopicBatching(int MaxMessagesCount, int MaxAwaitDurationMs);
