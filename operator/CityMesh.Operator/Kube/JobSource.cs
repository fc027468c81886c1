using CityMesh.Kubernetes;
using k8s;
using k8s.Models;

namespace CityMesh.Operator.Kube;

/// <summary>The scenarios' Jobs (by label) for the informer, through the typed batch/v1 client.</summary>
internal sealed class JobSource(IKubernetes kube, string? ns, string labelSelector) : IInformerSource<V1Job>
{
    public string Plural => "jobs";

    public async Task<(string ResourceVersion, IReadOnlyList<V1Job> Items)> ListAsync(CancellationToken ct)
    {
        var items = new List<V1Job>();
        string? cont = null, rv = null;
        do
        {
            var page = ns is null
                ? await kube.BatchV1.ListJobForAllNamespacesAsync(continueParameter: cont, labelSelector: labelSelector, limit: WatchWindow.PageSize, cancellationToken: ct)
                : await kube.BatchV1.ListNamespacedJobAsync(ns, continueParameter: cont, labelSelector: labelSelector, limit: WatchWindow.PageSize, cancellationToken: ct);
            rv ??= page.Metadata?.ResourceVersion ?? "";
            items.AddRange(page.Items ?? []);
            cont = page.Metadata?.ContinueProperty is { Length: > 0 } c ? c : null;
        } while (cont is not null);
        return (rv, items);
    }

    public IAsyncEnumerable<(WatchEventType Type, V1Job Object)> WatchAsync(string resourceVersion, Action<Exception> onError, CancellationToken ct)
    {
        var rv = string.IsNullOrEmpty(resourceVersion) ? null : resourceVersion;
        return ns is null
            ? kube.BatchV1.WatchListJobForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv,
                timeoutSeconds: WatchWindow.Seconds(), onError: onError, cancellationToken: ct)
            : kube.BatchV1.WatchListNamespacedJobAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv,
                timeoutSeconds: WatchWindow.Seconds(), onError: onError, cancellationToken: ct);
    }

    public ObjectIdentity Identify(V1Job obj) => new(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "", obj.Metadata?.ResourceVersion);
}
