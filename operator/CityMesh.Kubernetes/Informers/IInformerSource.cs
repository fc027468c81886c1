using k8s;

namespace CityMesh.Kubernetes;

/// <summary>
/// One resource type as an informer reads it through KubernetesClient: every page of a list, and a watch from a
/// resourceVersion with bookmarks. Implementations are one or two client calls each.
/// </summary>
public interface IInformerSource<T> where T : class
{
    /// <summary>The resource's plural, for logs and readiness messages.</summary>
    string Plural { get; }

    /// <summary>Every page of the list; the first page's resourceVersion is the snapshot a watch starts from.</summary>
    Task<(string ResourceVersion, IReadOnlyList<T> Items)> ListAsync(CancellationToken ct);

    /// <summary>
    /// A watch from <paramref name="resourceVersion"/> with bookmarks allowed; ends when the server ends the stream.
    /// An ERROR event (a Status, such as 410 Expired) reaches <paramref name="onError"/>, as the client reports it.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, Action<Exception> onError, CancellationToken ct);

    ObjectIdentity Identify(T obj);
}
