using System.Runtime.CompilerServices;
using System.Text.Json;
using CityMesh.Kubernetes;
using CityMesh.Scenarios.Model;
using k8s;

namespace CityMesh.Operator.Kube;

/// <summary>
/// TwinScenarios for the informer: listed through <see cref="GenericClient"/>, typed; watched through the
/// CustomObjects watch, because GenericClient's own watch takes no resourceVersion and asks for no bookmarks, and an
/// informer must resume exactly where its list (or last event) left off.
/// </summary>
internal sealed class ScenarioSource(IKubernetes kube, string? ns) : IInformerSource<TwinScenario>
{
    private readonly GenericClient _scenarios = new(kube, TwinScenario.Group, TwinScenario.Version, TwinScenario.Plural, disposeClient: false);

    public string Plural => TwinScenario.Plural;

    public async Task<(string ResourceVersion, IReadOnlyList<TwinScenario> Items)> ListAsync(CancellationToken ct)
    {
        var items = new List<TwinScenario>();
        string? cont = null, rv = null;
        do
        {
            var page = ns is null
                ? await _scenarios.ListAsync<TwinScenarioList>(null, null, WatchWindow.PageSize, cont, ct)
                : await _scenarios.ListNamespacedAsync<TwinScenarioList>(ns, null, null, WatchWindow.PageSize, cont, ct);
            // The first page's resourceVersion is the snapshot the whole list belongs to.
            rv ??= page.Metadata?.ResourceVersion ?? "";
            items.AddRange(page.Items ?? []);
            cont = page.Metadata?.ContinueProperty is { Length: > 0 } c ? c : null;
        } while (cont is not null);
        return (rv, items);
    }

    public async IAsyncEnumerable<(WatchEventType Type, TwinScenario Object)> WatchAsync(string resourceVersion, Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var rv = string.IsNullOrEmpty(resourceVersion) ? null : resourceVersion;
        var stream = ns is null
            ? kube.CustomObjects.WatchListClusterCustomObjectAsync(TwinScenario.Group, TwinScenario.Version, TwinScenario.Plural,
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchWindow.Seconds(), onError: onError, cancellationToken: ct)
            : kube.CustomObjects.WatchListNamespacedCustomObjectAsync(TwinScenario.Group, TwinScenario.Version, ns, TwinScenario.Plural,
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchWindow.Seconds(), onError: onError, cancellationToken: ct);
        await foreach (var (type, obj) in stream.WithCancellation(ct))
            yield return (type, Typed(obj));
    }

    public ObjectIdentity Identify(TwinScenario obj) => new(obj.Metadata.Namespace, obj.Metadata.Name ?? "", obj.Metadata.ResourceVersion);

    /// <summary>The CustomObjects watch yields untyped JSON; the same serializer settings as GenericClient's type it.</summary>
    private static TwinScenario Typed(object obj) => obj switch
    {
        TwinScenario s => s,
        JsonElement e => KubernetesJson.Deserialize<TwinScenario>(e.GetRawText()),
        _ => KubernetesJson.Deserialize<TwinScenario>(KubernetesJson.Serialize(obj)),
    };
}
