namespace CityMesh.Kubernetes;

/// <param name="Type">ADDED, MODIFIED or DELETED (bookmarks are never dispatched).</param>
/// <param name="Key">"ns/name", or "name" for a cluster-scoped object.</param>
/// <param name="Object">The object as last seen; for DELETED, its final state.</param>
public sealed record InformerEvent<T>(string Type, string Key, T Object);
