using System.Text.Json.Nodes;
using CityMesh.Kubernetes;

namespace CityMesh.Operator.Observability;

/// <summary>
/// The API as one informer sees it, watched from outside (the informer logs its failures but exposes none): whether
/// its list has succeeded yet and why the last one failed (readiness), and how often it reopened its watch (metrics).
/// Every other call passes straight through.
/// </summary>
public sealed class InformerTraffic(IKubeApi inner, KubeResource resource, Counter watchRestarts) : IKubeApi
{
    private volatile string? _lastListError;
    private volatile bool _listed;
    private int _watches;

    public KubeResource Resource => resource;

    /// <summary>A list has succeeded (the informer's cache is filled, or about to be).</summary>
    public bool Listed => _listed;

    /// <summary>Why the most recent list failed; null after a success.</summary>
    public string? LastListError => _lastListError;

    public async Task<KubeList> ListAsync(KubeResource r, string? ns, string? labelSelector, CancellationToken ct)
    {
        try
        {
            var list = await inner.ListAsync(r, ns, labelSelector, ct);
            (_listed, _lastListError) = (true, null);
            return list;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _lastListError = e.Message;
            throw;
        }
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(KubeResource r, string? ns, string resourceVersion, string? labelSelector, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _watches) > 1) watchRestarts.Increment();
        return inner.WatchAsync(r, ns, resourceVersion, labelSelector, ct);
    }

    public Task<JsonObject?> GetAsync(KubeResource r, string? ns, string name, CancellationToken ct) => inner.GetAsync(r, ns, name, ct);
    public Task<JsonObject> CreateAsync(KubeResource r, string? ns, JsonObject body, CancellationToken ct) => inner.CreateAsync(r, ns, body, ct);
    public Task<JsonObject> ReplaceAsync(KubeResource r, string? ns, string name, JsonObject body, CancellationToken ct) => inner.ReplaceAsync(r, ns, name, body, ct);
    public Task<JsonObject> ReplaceStatusAsync(KubeResource r, string? ns, string name, JsonObject body, CancellationToken ct) => inner.ReplaceStatusAsync(r, ns, name, body, ct);
    public Task<JsonObject> PatchAsync(KubeResource r, string? ns, string name, KubePatch patch, CancellationToken ct) => inner.PatchAsync(r, ns, name, patch, ct);
    public Task<bool> DeleteAsync(KubeResource r, string? ns, string name, CancellationToken ct) => inner.DeleteAsync(r, ns, name, ct);
    public Task<string> ReadLogAsync(string ns, string pod, string? container, CancellationToken ct) => inner.ReadLogAsync(ns, pod, container, ct);
}
