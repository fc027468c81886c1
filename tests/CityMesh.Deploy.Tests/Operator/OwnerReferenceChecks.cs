using System.Text.Json.Nodes;
using CityMesh.Kubernetes.Fake;

namespace CityMesh.Deploy.Tests.Operator;

/// <summary>
/// What admission adds to the operator's requests: the OwnerReferencesPermissionEnforcement plugin lets an object
/// name an owner with <c>blockOwnerDeletion: true</c> only if the requester may update that owner's
/// <c>finalizers</c> subresource. Kept here, from every body the operator sends, as further accesses to authorize;
/// every request goes through unchanged.
/// </summary>
internal sealed class OwnerReferenceChecks : DelegatingHandler
{
    private readonly List<ApiAccess> _implied = [];

    public IReadOnlyList<ApiAccess> Implied
    {
        get { lock (_implied) return [.. _implied]; }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Content is not null && request.Method != HttpMethod.Get && request.Method != HttpMethod.Delete)
        {
            // Reading buffers the body, so the request still sends it whole.
            var text = await request.Content.ReadAsStringAsync(ct);
            if (JsonNode.Parse(text) is JsonObject body) Note(NamespaceOf(request.RequestUri!), body);
        }
        return await base.SendAsync(request, ct);
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

    private static string? NamespaceOf(Uri uri)
    {
        var parts = uri.AbsolutePath.Split('/');
        int i = Array.IndexOf(parts, "namespaces");
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : null;
    }
}
