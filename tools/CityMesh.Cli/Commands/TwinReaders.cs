using CityMesh.Access;
using CityMesh.Twin.Client;

namespace CityMesh.Cli.Commands;

/// <summary>
/// How the CLI reads a twin: through its read API (the twin's gRPC port, http://127.0.0.1:8081 under
/// <c>citymesh up</c>), sending the key in <c>$CITYMESH_API_KEY</c> (any role reads) when one is set; the twin's
/// UNAUTHENTICATED answer says what is missing otherwise.
/// </summary>
public static class TwinReaders
{
    /// <summary>Where <c>citymesh up</c> serves the twin read API by default.</summary>
    public const string DefaultAddress = "http://127.0.0.1:8081/";

    public static TwinReaderClient Connect(Uri twin) =>
        TwinReaderClient.Connect(twin, Environment.GetEnvironmentVariable(AuditCommand.ApiKeyEnv) is { Length: > 0 } key ? new ApiKeyCredentialHandler(key) : null);
}
