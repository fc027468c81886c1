using System.Net;

namespace CityMesh.Messaging.Dapr;

/// <summary>The sidecar refused or failed a call; carries its HTTP status and Dapr error code when it answered.</summary>
public class DaprSidecarException(string message, HttpStatusCode? statusCode = null, string? errorCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>Dapr's <c>errorCode</c>, such as <c>ERR_PUBSUB_NOT_FOUND</c>.</summary>
    public string? ErrorCode { get; } = errorCode;
}

/// <summary>A publish (single or bulk) to <see cref="PubSubName"/>/<see cref="Topic"/> that did not go through.</summary>
public sealed class DaprPublishException(
    string pubSubName, string topic, string message, HttpStatusCode? statusCode = null, string? errorCode = null,
    IReadOnlyList<DaprFailedEntry>? failedEntries = null, Exception? inner = null)
    : DaprSidecarException(message, statusCode, errorCode, inner)
{
    public string PubSubName { get; } = pubSubName;
    public string Topic { get; } = topic;

    /// <summary>For bulk publishes: the events still not published after the retries, with the sidecar's error.</summary>
    public IReadOnlyList<DaprFailedEntry> FailedEntries { get; } = failedEntries ?? [];
}

/// <summary>One event of a bulk publish that the sidecar reported as failed.</summary>
public sealed record DaprFailedEntry(string EventId, string Error);
