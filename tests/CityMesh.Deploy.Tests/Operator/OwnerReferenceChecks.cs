using System.Text.Json.Nodes;
using CityMesh.Kubernetes;

namespace CityMesh.Deploy.Tests.Operator;

/// <summary>
/// The operator's API with what admission adds to its requests: the OwnerReferencesPermissionEnforcement plugin
/// lets an object name an owner with <c>blockOwnerDeletion: true</c> only if the requester may update that owner's
/// <c>finalizers</c> subresource. Kept here as further accesses to authorize; every call goes through unchanged.
/// </summary>
internal sealed class OwnerReferenceChecks(IKubeApi inner) : IKubeApi
{
    private readonly List<ApiAccess> _implied = [];

    public IReadOnlyList<ApiAccess> Implied
    {
        get { lock (_implied) return [.. _implied]; }
    }

    public Task<JsonObject> CreateAsync(KubeResource resource, string? ns, JsonObject body, CancellationToken ct)
    {
        Note(ns, body);
        return inner.CreateAsync(resource, ns, body, ct);
    }

    public Task<JsonObject> ReplaceAsync(KubeResource resource, string? ns, string name, JsonObject body, CancellationToken ct)
    {
        Note(ns, body);
        return inner.ReplaceAsync(resource, ns, name, body, ct);
    }

    private void Note(string? ns, JsonObject body)
    {
        foreach (var owner in body["metadata"]?["ownerReferences"]?.AsArray() ?? [])
        {
            if (owner?["blockOwnerDeletion"]?.GetValue<bool>() != true) continue;
            string apiVersion = (string)owner["apiVersion"]!, kind = (string)owner["kind"]!;
            var type = new[] { KubeResource.TwinScenarios, KubeResource.Jobs, KubeResource.Pods }
                .SingleOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind)
                ?? throw new InvalidOperationException($"owner of an unexpected kind: {apiVersion} {kind}");
            lock (_implied) _implied.Add(new ApiAccess("update", type.Group, type.Plural + "/finalizers", ns, (string)owner["name"]!));
        }
    }

    public Task<JsonObject?> GetAsync(KubeResource resource, string? ns, string name, CancellationToken ct) => inner.GetAsync(resource, ns, name, ct);
    public Task<KubeList> ListAsync(KubeResource resource, string? ns, string? labelSelector, CancellationToken ct) => inner.ListAsync(resource, ns, labelSelector, ct);
    public IAsyncEnumerable<WatchEvent> WatchAsync(KubeResource resource, string? ns, string resourceVersion, string? labelSelector, CancellationToken ct) =>
        inner.WatchAsync(resource, ns, resourceVersion, labelSelector, ct);
    public Task<JsonObject> ReplaceStatusAsync(KubeResource resource, string? ns, string name, JsonObject body, CancellationToken ct) => inner.ReplaceStatusAsync(resource, ns, name, body, ct);
    public Task<JsonObject> PatchAsync(KubeResource resource, string? ns, string name, KubePatch patch, CancellationToken ct) => inner.PatchAsync(resource, ns, name, patch, ct);
    public Task<bool> DeleteAsync(KubeResource resource, string? ns, string name, CancellationToken ct) => inner.DeleteAsync(resource, ns, name, ct);
    public Task<string> ReadLogAsync(string ns, string pod, string? container, CancellationToken ct) => inner.ReadLogAsync(ns, pod, container, ct);
}
