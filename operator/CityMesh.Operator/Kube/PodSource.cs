using CityMesh.Kubernetes;
using k8s;
using k8s.Models;

namespace CityMesh.Operator.Kube;

/// <summary>The scenarios' pods (by label) for the informer, through the typed core/v1 client.</summary>
internal sealed class PodSource(IKubernetes kube, string? ns, string labelSelector) : IInformerSource<V1Pod>
{
    public string Plural => "pods";

    public async Task<(string ResourceVersion, IReadOnlyList<V1Pod> Items)> ListAsync(CancellationToken ct)
    {
        var items = new List<V1Pod>();
        string? cont = null, rv = null;
        do
        {
            var page = ns is null
                ? await kube.CoreV1.ListPodForAllNamespacesAsync(continueParameter: cont, labelSelector: labelSelector, limit: WatchWindow.PageSize, cancellationToken: ct)
                : await kube.CoreV1.ListNamespacedPodAsync(ns, continueParameter: cont, labelSelector: labelSelector, limit: WatchWindow.PageSize, cancellationToken: ct);
            rv ??= page.Metadata?.ResourceVersion ?? "";
            items.AddRange(page.Items ?? []);
            cont = page.Metadata?.ContinueProperty is { Length: > 0 } c ? c : null;
        } while (cont is not null);
        return (rv, items);
    }

    public IAsyncEnumerable<(WatchEventType Type, V1Pod Object)> WatchAsync(string resourceVersion, Action<Exception> onError, CancellationToken ct)
    {
        var rv = string.IsNullOrEmpty(resourceVersion) ? null : resourceVersion;
        return ns is null
            ? kube.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv,
                timeoutSeconds: WatchWindow.Seconds(), onError: onError, cancellationToken: ct)
            : kube.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv,
                timeoutSeconds: WatchWindow.Seconds(), onError: onError, cancellationToken: ct);
    }

    public ObjectIdentity Identify(V1Pod obj) => new(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "", obj.Metadata?.ResourceVersion);
}
