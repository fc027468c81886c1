using System.Text.Json.Nodes;
using CityMesh.Kubernetes;

namespace CityMesh.Operator.Tests.Observability;

/// <summary>An API whose GETs of TwinScenarios hang until released: a reconcile stuck on a dead connection.</summary>
internal sealed class StallingKubeApi(IKubeApi inner) : IKubeApi
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public async Task<JsonObject?> GetAsync(KubeResource resource, string? ns, string name, CancellationToken ct)
    {
        if (resource == KubeResource.TwinScenarios) await _release.Task.WaitAsync(ct);
        return await inner.GetAsync(resource, ns, name, ct);
    }

    public Task<KubeList> ListAsync(KubeResource resource, string? ns, string? labelSelector, CancellationToken ct) => inner.ListAsync(resource, ns, labelSelector, ct);
    public IAsyncEnumerable<WatchEvent> WatchAsync(KubeResource resource, string? ns, string resourceVersion, string? labelSelector, CancellationToken ct) =>
        inner.WatchAsync(resource, ns, resourceVersion, labelSelector, ct);
    public Task<JsonObject> CreateAsync(KubeResource resource, string? ns, JsonObject body, CancellationToken ct) => inner.CreateAsync(resource, ns, body, ct);
    public Task<JsonObject> ReplaceAsync(KubeResource resource, string? ns, string name, JsonObject body, CancellationToken ct) => inner.ReplaceAsync(resource, ns, name, body, ct);
    public Task<JsonObject> ReplaceStatusAsync(KubeResource resource, string? ns, string name, JsonObject body, CancellationToken ct) => inner.ReplaceStatusAsync(resource, ns, name, body, ct);
    public Task<JsonObject> PatchAsync(KubeResource resource, string? ns, string name, KubePatch patch, CancellationToken ct) => inner.PatchAsync(resource, ns, name, patch, ct);
    public Task<bool> DeleteAsync(KubeResource resource, string? ns, string name, CancellationToken ct) => inner.DeleteAsync(resource, ns, name, ct);
    public Task<string> ReadLogAsync(string ns, string pod, string? container, CancellationToken ct) => inner.ReadLogAsync(ns, pod, container, ct);
}
