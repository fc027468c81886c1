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

    /// <summary>
    /// Why the twin could not be read, for the user: the reading's own message, and when the twin turned the CLI away
    /// (no key, or a wrong one), what to set: <c>citymesh up</c> serves nothing to a caller without a key.
    /// </summary>
    public static string Explain(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Unauthenticated or Grpc.Core.StatusCode.PermissionDenied })
                return Environment.GetEnvironmentVariable(AuditCommand.ApiKeyEnv) is { Length: > 0 }
                    ? $"{e.Message} (the key in ${AuditCommand.ApiKeyEnv} was refused: give one this twin knows, e.g. a key citymesh up printed)"
                    : $"{e.Message} (set ${AuditCommand.ApiKeyEnv} to an API key of this twin, e.g. the viewer key citymesh up printed)";
        return e.Message;
    }

    public static TwinReaderClient Connect(Uri twin) =>
        TwinReaderClient.Connect(twin, Environment.GetEnvironmentVariable(AuditCommand.ApiKeyEnv) is { Length: > 0 } key ? new ApiKeyCredentialHandler(key) : null);
}
