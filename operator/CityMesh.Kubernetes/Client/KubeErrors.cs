using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CityMesh.Kubernetes;

/// <summary>Turns a failed answer (a meta/v1 Status, or anything else) into the matching exception.</summary>
internal static class KubeErrors
{
    public static KubeApiException FromStatus(int code, string? body)
    {
        string reason = ((HttpStatusCode)code).ToString(), message = body ?? "";
        try
        {
            if (!string.IsNullOrWhiteSpace(body) && JsonNode.Parse(body) is JsonObject status)
            {
                code = status["code"]?.GetValue<int>() is int c and > 0 ? c : code;
                reason = status["reason"]?.GetValue<string>() is { Length: > 0 } r ? r : reason;
                message = status["message"]?.GetValue<string>() ?? message;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // Not a Status (a proxy's HTML page, say): keep the raw text as the message.
        }
        return code switch
        {
            409 => new KubeConflictException(reason, message),
            410 => new KubeGoneException(message),
            _ => new KubeApiException(code, reason, message),
        };
    }

    public static KubeApiException FromStatus(JsonObject? status) =>
        FromStatus(status?["code"]?.GetValue<int>() ?? 500, status?.ToJsonString());
}
