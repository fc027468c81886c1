namespace CityMesh.Kubernetes;

/// <summary>A connection that cannot be built; the message names the file and the field.</summary>
public sealed class KubeConfigException(string message, Exception? inner = null) : Exception(message, inner);
