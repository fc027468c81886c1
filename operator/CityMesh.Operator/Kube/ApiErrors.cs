using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Autorest;

namespace CityMesh.Operator.Kube;

/// <summary>The answers the operator tells apart in KubernetesClient's <see cref="HttpOperationException"/>.</summary>
internal static class ApiErrors
{
    public static bool Is(Exception e, HttpStatusCode code) => e is HttpOperationException { Response.StatusCode: var c } && c == code;

    /// <summary>409 (written by someone else since it was read, or created already), or a failed resourceVersion test.</summary>
    public static bool IsConflict(Exception e) => Is(e, HttpStatusCode.Conflict) || e is StaleObjectException;

    /// <summary>"403 Forbidden: …": the code and the Status message the server sent, for logs and readiness.</summary>
    public static string Describe(Exception e) => e is HttpOperationException { Response: { } r }
        ? $"{(int)r.StatusCode} {r.StatusCode}: {StatusMessage(r.Content)}"
        : e.Message;

    /// <summary>The message of a meta/v1 Status body, or the body as it came (a proxy's page, say).</summary>
    private static string StatusMessage(string? body)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(body) && JsonNode.Parse(body) is JsonObject status
                && status["message"] is JsonValue v && v.TryGetValue(out string? message))
                return message;
        }
        catch (JsonException)
        {
        }
        return body ?? "";
    }
}

/// <summary>A guarded patch found the object changed since it was read: retried like a 409.</summary>
public sealed class StaleObjectException(string message, Exception inner) : Exception(message, inner);
