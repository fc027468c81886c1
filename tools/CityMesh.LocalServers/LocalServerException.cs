namespace CityMesh.LocalServers;

/// <summary>A local server could not be found, started or stopped; the message says what to install or look at.</summary>
public sealed class LocalServerException(string message) : Exception(message);
