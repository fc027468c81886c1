using System.Text.Json.Nodes;

namespace CityMesh.Kubernetes;

/// <summary>
/// What the operator and the CLI ask of a Kubernetes API server. Objects travel as JSON (typed by the caller with
/// <c>ScenarioJson</c> where it owns the schema); failures are <see cref="KubeApiException"/>s. <c>ns</c> is null
/// for cluster-scoped resources and, on list and watch, for all namespaces.
/// </summary>
public interface IKubeApi
{
    /// <summary>The object, or null on 404.</summary>
    Task<JsonObject?> GetAsync(KubeResource resource, string? ns, string name, CancellationToken ct);

    /// <summary>Every page of a list (limit/continue); the list's resourceVersion is where a watch starts.</summary>
    Task<KubeList> ListAsync(KubeResource resource, string? ns, string? labelSelector, CancellationToken ct);

    /// <summary>
    /// A watch from <paramref name="resourceVersion"/> with bookmarks allowed. Ends when the server ends the stream.
    /// An ERROR event with code 410, or an HTTP 410, throws <see cref="KubeGoneException"/>: relist.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(KubeResource resource, string? ns, string resourceVersion, string? labelSelector, CancellationToken ct);

    Task<JsonObject> CreateAsync(KubeResource resource, string? ns, JsonObject body, CancellationToken ct);

    /// <summary>PUT; a stale metadata.resourceVersion throws <see cref="KubeConflictException"/>.</summary>
    Task<JsonObject> ReplaceAsync(KubeResource resource, string? ns, string name, JsonObject body, CancellationToken ct);

    /// <summary>PUT to the status subresource: only .status changes.</summary>
    Task<JsonObject> ReplaceStatusAsync(KubeResource resource, string? ns, string name, JsonObject body, CancellationToken ct);

    Task<JsonObject> PatchAsync(KubeResource resource, string? ns, string name, KubePatch patch, CancellationToken ct);

    /// <summary>False when there was nothing to delete (404).</summary>
    Task<bool> DeleteAsync(KubeResource resource, string? ns, string name, CancellationToken ct);

    /// <summary>A pod's log (<c>GET …/pods/{name}/log</c>), for <c>citymesh scenario logs</c>.</summary>
    Task<string> ReadLogAsync(string ns, string pod, string? container, CancellationToken ct);
}

public sealed record KubeList(string ResourceVersion, IReadOnlyList<JsonObject> Items);

/// <param name="Type">ADDED, MODIFIED, DELETED or BOOKMARK (a bookmark's object carries only metadata.resourceVersion).</param>
public sealed record WatchEvent(string Type, JsonObject Object);

public enum PatchType
{
    /// <summary>application/json-patch+json (RFC 6902), e.g. a finalizer removal guarded by a test on resourceVersion.</summary>
    Json,
    /// <summary>application/merge-patch+json (RFC 7386): lists are replaced whole.</summary>
    Merge,
    /// <summary>application/apply-patch+yaml: server-side apply; needs a field manager, force as controllers do.</summary>
    Apply,
}

/// <param name="Status">Patch the status subresource.</param>
public sealed record KubePatch(PatchType Type, string Body, bool Status = false, string FieldManager = "citymesh-operator", bool Force = true);

/// <summary>A non-success answer: the HTTP code and the Status object's reason and message.</summary>
public class KubeApiException(int statusCode, string reason, string message) : Exception($"{statusCode} {reason}: {message}")
{
    public int StatusCode { get; } = statusCode;
    public string Reason { get; } = reason;
}

/// <summary>409: the object changed since it was read (or already exists on create).</summary>
public sealed class KubeConflictException(string reason, string message) : KubeApiException(409, reason, message);

/// <summary>410: the resourceVersion (or continue token) is too old; relist.</summary>
public sealed class KubeGoneException(string message) : KubeApiException(410, "Expired", message);
