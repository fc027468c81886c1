
namespace CityMesh.Kubernetes.Fake;

/// <summary>A resource type the fake serves.</summary>
/// <param name="StatusSubresource">Main-resource writes ignore .status and /status writes change only .status.</param>
/// <param name="RequireResourceVersionOnUpdate">
/// Custom resources refuse a PUT without metadata.resourceVersion (422), as the real server does for CRDs;
/// built-in types such as Jobs, Pods and Leases allow an unconditional update.
/// </param>
public sealed record FakeResourceType(KubeResource Resource, bool StatusSubresource, bool RequireResourceVersionOnUpdate = false)
{
    /// <summary>"plural.group", as the real server names a resource in messages.</summary>
    public string QualifiedName => Resource.Group.Length == 0 ? Resource.Plural : $"{Resource.Plural}.{Resource.Group}";

    /// <summary>A custom resource (defined by a CRD), which the real server refuses strategic merge patches for.</summary>
    public bool IsCustom => Resource.Group.EndsWith("citymesh.io", StringComparison.Ordinal);
}
