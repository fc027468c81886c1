namespace CityMesh.Kubernetes;

/// <summary>What the informer needs to know of an object: where it lives and the version it was seen at.</summary>
public sealed record ObjectIdentity(string? Namespace, string Name, string? ResourceVersion)
{
    /// <summary>"ns/name", or "name" for a cluster-scoped object: the cache's and the work queue's key.</summary>
    public string Key => string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}";
}
