using System.Text.Json.Nodes;
using CityMesh.Kubernetes;

namespace CityMesh.Operator.Tests.Controller;

/// <summary>An operator process that dies the moment its first Job POST has succeeded, before it writes anything else.</summary>
internal sealed class CrashAfterJobCreate(IKubeApi inner, CancellationTokenSource process) : IKubeApi
{
    public bool Crashed { get; private set; }

    public async Task<JsonObject> CreateAsync(KubeResource resource, string? ns, JsonObject body, CancellationToken ct)
    {
        if (Crashed) throw new OperationCanceledException(process.Token);
        var created = await inner.CreateAsync(resource, ns, body, ct);
        if (resource == KubeResource.Jobs)
        {
            Crashed = true;
            await process.CancelAsync();
            throw new OperationCanceledException(process.Token);
        }
        return created;
    }

    public Task<JsonObject?> GetAsync(KubeResource resource, string? ns, string name, CancellationToken ct) => Guard(() => inner.GetAsync(resource, ns, name, ct));
    public Task<KubeList> ListAsync(KubeResource resource, string? ns, string? labelSelector, CancellationToken ct) => Guard(() => inner.ListAsync(resource, ns, labelSelector, ct));
    public IAsyncEnumerable<WatchEvent> WatchAsync(KubeResource resource, string? ns, string resourceVersion, string? labelSelector, CancellationToken ct) =>
        inner.WatchAsync(resource, ns, resourceVersion, labelSelector, ct);
    public Task<JsonObject> ReplaceAsync(KubeResource resource, string? ns, string name, JsonObject body, CancellationToken ct) => Guard(() => inner.ReplaceAsync(resource, ns, name, body, ct));
    public Task<JsonObject> ReplaceStatusAsync(KubeResource resource, string? ns, string name, JsonObject body, CancellationToken ct) => Guard(() => inner.ReplaceStatusAsync(resource, ns, name, body, ct));
    public Task<JsonObject> PatchAsync(KubeResource resource, string? ns, string name, KubePatch patch, CancellationToken ct) => Guard(() => inner.PatchAsync(resource, ns, name, patch, ct));
    public Task<bool> DeleteAsync(KubeResource resource, string? ns, string name, CancellationToken ct) => Guard(() => inner.DeleteAsync(resource, ns, name, ct));
    public Task<string> ReadLogAsync(string ns, string pod, string? container, CancellationToken ct) => inner.ReadLogAsync(ns, pod, container, ct);

    // A dead process writes nothing more.
    private Task<T> Guard<T>(Func<Task<T>> call) => Crashed ? Task.FromCanceled<T>(process.Token) : call();
}
