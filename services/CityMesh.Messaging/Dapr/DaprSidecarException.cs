using Grpc.Core;

namespace CityMesh.Messaging.Dapr;

/// <summary>The sidecar refused or failed a call; carries the gRPC status it answered with, when it answered.</summary>
public class DaprSidecarException(string message, StatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The gRPC status of the sidecar's answer, such as <see cref="StatusCode.PermissionDenied"/>; null when unreachable.</summary>
    public StatusCode? Status { get; } = status;
}

/// <summary>A publish (single or bulk) to <see cref="PubSubName"/>/<see cref="Topic"/> that did not go through.</summary>
public sealed class DaprPublishException(
    string pubSubName, string topic, string message, StatusCode? status = null, IReadOnlyList<DaprFailedEntry>? failedEntries = null,
    Exception? inner = null)
    : DaprSidecarException(message, status, inner)
{
    public string PubSubName { get; } = pubSubName;
    public string Topic { get; } = topic;

    /// <summary>For bulk publishes: the events still not published after the retries, with the sidecar's error.</summary>
    public IReadOnlyList<DaprFailedEntry> FailedEntries { get; } = failedEntries ?? [];
}

/// <summary>One event of a bulk publish that did not go through.</summary>
public sealed record DaprFailedEntry(string EventId, string Error);
