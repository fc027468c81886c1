using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// A single delivery as Dapr.AspNetCore's <c>UseCloudEvents</c> leaves it: the body is the event's data (JSON
/// re-serialised, <c>data_base64</c> decoded), the content type its <c>datacontenttype</c>, and the other attributes
/// are request headers <c>Cloudevent.&lt;name&gt;</c> (with <c>ForwardCloudEventPropertiesAsHeaders</c>).
/// </summary>
internal static class DaprDeliveredEvent
{
    public const string HeaderPrefix = "Cloudevent.";

    /// <summary>True when the middleware unwrapped a CloudEvent for this request.</summary>
    public static bool IsUnwrapped(HttpRequest request) => request.Headers.ContainsKey(HeaderPrefix + "specversion") || request.Headers.ContainsKey(HeaderPrefix + "id");

    /// <exception cref="CloudEventFormatException">An attribute CloudEvents requires is missing, or the data is not what its content type says.</exception>
    public static async Task<CloudEvent> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var body = buffer.ToArray();
        var e = new CloudEvent
        {
            Id = Attribute(request, "id") ?? throw new CloudEventFormatException("the CloudEvent has no id"),
            Source = Attribute(request, "source") ?? throw new CloudEventFormatException("the CloudEvent has no source"),
            Type = Attribute(request, "type") ?? throw new CloudEventFormatException("the CloudEvent has no type"),
            Subject = Attribute(request, "subject"),
            Time = DaprCloudEventJson.ParseTime(Attribute(request, "time")),
            // No data at all leaves no content type; CloudEvents says a missing one means JSON.
            DataContentType = request.ContentType ?? "application/json",
            // The middleware never forwards traceparent, which the sidecar rewrites anyway: ours, else the runtime's alias.
            TraceParent = Attribute(request, DaprCloudEventJson.TraceParentExtension) ?? Attribute(request, "traceid"),
        };
        if (!e.HasJsonData) return e with { BinaryData = body };
        return body.Length == 0 ? e : e with { Data = DaprCloudEventJson.ParseJson(body) };
    }

    /// <summary>
    /// The middleware forwards an attribute's raw JSON text less its quotes, so escapes (<c>\u0026</c>, which Go's
    /// encoder writes for <c>&amp;</c>) are still in it: read it back as the JSON string it was.
    /// </summary>
    private static string? Attribute(HttpRequest request, string name)
    {
        if (!request.Headers.TryGetValue(HeaderPrefix + name, out var values) || values.Count == 0 || values[0] is not { } raw) return null;
        if (!raw.Contains('\\')) return raw;
        try
        {
            return JsonSerializer.Deserialize<string>("\"" + raw + "\"") ?? raw;
        }
        catch (JsonException)
        {
            return raw;
        }
    }
}
