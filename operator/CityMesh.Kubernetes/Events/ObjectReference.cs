namespace CityMesh.Kubernetes;

/// <summary>The object an Event is about (core/v1 ObjectReference, as events.k8s.io/v1 <c>regarding</c>).</summary>
public sealed record ObjectReference(string ApiVersion, string Kind, string Namespace, string Name, string Uid);
