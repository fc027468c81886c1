using Microsoft.AspNetCore.Http;

namespace CityMesh.Access;

/// <summary>
/// A refusal a gRPC client can read. The 401 and 403 bodies are problem+json, which a gRPC client never reads: it
/// would only report "Bad gRPC response. HTTP status code: 401". A gRPC caller is instead answered as gRPC answers
/// an error without messages (trailers-only): HTTP 200 with <c>grpc-status</c> (16 Unauthenticated, 7
/// PermissionDenied) and the same explanation in <c>grpc-message</c>.
/// </summary>
public static class GrpcRefusal
{
    public const int Unauthenticated = 16;
    public const int PermissionDenied = 7;

    /// <summary>Whether the request is a gRPC call (its content type is <c>application/grpc</c> or a variant).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static Task WriteAsync(HttpResponse response, int grpcStatus, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = grpcStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The gRPC spec percent-encodes grpc-message; clients decode it.
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return response.CompleteAsync();
    }
}
