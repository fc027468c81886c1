using System.Text.Json.Nodes;

namespace CityMesh.Kubernetes.Fake;

/// <summary>A failed call as the API server answers it: a meta/v1 Status with the HTTP code and a reason.</summary>
public sealed class FakeStatusException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;

    public JsonObject ToStatus() => FakeStatus.Failure(Code, Reason, Message);

    public static FakeStatusException NotFound(string what, string name) => new(404, "NotFound", $"{what} \"{name}\" not found");
    public static FakeStatusException Invalid(string message) => new(422, "Invalid", message);
    public static FakeStatusException BadRequest(string message) => new(400, "BadRequest", message);
}

internal static class FakeStatus
{
    public static JsonObject Failure(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    /// <summary>The reason the real server pairs with a code, for injected faults.</summary>
    public static string ReasonFor(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        410 => "Expired",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "InternalError",
    };
}
