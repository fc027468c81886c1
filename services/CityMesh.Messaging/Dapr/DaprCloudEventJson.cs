using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// CloudEvents 1.0 structured JSON as the sidecar takes and gives it: JSON payloads embedded in <c>data</c>, binary
/// ones base64 in <c>data_base64</c>. We publish our own envelope, so ids and attributes survive the sidecar, which
/// only fills in what is missing (and adds <c>topic</c>, <c>pubsubname</c>), except the trace context: it overwrites
/// <c>traceparent</c>, <c>traceid</c> and <c>tracestate</c> with its own publish span. The producer's trace context
/// therefore also travels in the extension attribute <see cref="TraceParentExtension"/>, which the sidecar leaves alone.
/// </summary>
public static class DaprCloudEventJson
{
    public const string ContentType = "application/cloudevents+json";

    /// <summary>Our copy of the producer's <c>traceparent</c> (a CloudEvents extension name: lower-case, at most 20 letters).</summary>
    public const string TraceParentExtension = "citymeshtraceparent";

    public static byte[] Serialize(CloudEvent e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, e);
        return buffer.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, CloudEvent e)
    {
        writer.WriteStartObject();
        writer.WriteString("specversion", CloudEvent.SpecVersion);
        writer.WriteString("id", e.Id);
        writer.WriteString("source", e.Source);
        writer.WriteString("type", e.Type);
        if (e.Subject is not null) writer.WriteString("subject", e.Subject);
        writer.WriteString("time", e.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
        writer.WriteString("datacontenttype", e.DataContentType);
        if (e.TraceParent is not null)
        {
            writer.WriteString("traceparent", e.TraceParent);
            writer.WriteString(TraceParentExtension, e.TraceParent);
        }
        if (e.HasJsonData)
        {
            if (e.JsonUtf8() is { IsEmpty: false } data)
            {
                writer.WritePropertyName("data");
                writer.WriteRawValue(data, skipInputValidation: true); // a parsed element's text, or text its producer vouches for
            }
        }
        else
        {
            writer.WriteBase64String("data_base64", e.BinaryData.Span);
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads a delivered event.</summary>
    /// <exception cref="CloudEventFormatException">Not a CloudEvent we can read, or both data and data_base64 set.</exception>
    public static CloudEvent Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new CloudEventFormatException($"a CloudEvent is a JSON object, not {json.ValueKind}");
        var hasData = json.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null;
        var hasBase64 = json.TryGetProperty("data_base64", out var base64) && base64.ValueKind != JsonValueKind.Null;
        if (hasData && hasBase64) throw new CloudEventFormatException("the CloudEvent has both data and data_base64");

        // Dapr's own events say "application/json; charset=utf-8"; CloudEvents says a missing one means JSON.
        var contentType = String(json, "datacontenttype") ?? "application/json";
        var e = new CloudEvent
        {
            Id = String(json, "id") ?? throw new CloudEventFormatException("the CloudEvent has no id"),
            Source = String(json, "source") ?? throw new CloudEventFormatException("the CloudEvent has no source"),
            Type = String(json, "type") ?? throw new CloudEventFormatException("the CloudEvent has no type"),
            Subject = String(json, "subject"),
            Time = ReadTime(json),
            DataContentType = contentType,
            // Ours first (the sidecar rewrites traceparent); traceid is the runtime's legacy alias of traceparent.
            TraceParent = String(json, TraceParentExtension) ?? String(json, "traceparent") ?? String(json, "traceid"),
        };
        if (hasBase64)
        {
            byte[] bytes;
            try
            {
                bytes = base64.GetBytesFromBase64();
            }
            catch (FormatException)
            {
                throw new CloudEventFormatException("data_base64 is not base64");
            }
            return e.HasJsonData ? e with { Data = ParseJson(bytes) } : e with { BinaryData = bytes };
        }
        if (!hasData) return e;
        if (e.HasJsonData) return e with { Data = data.Clone() };
        // Text payloads (text/plain, XML) arrive as a JSON string: keep their bytes.
        return data.ValueKind == JsonValueKind.String
            ? e with { BinaryData = Encoding.UTF8.GetBytes(data.GetString()!) }
            : e with { BinaryData = Encoding.UTF8.GetBytes(data.GetRawText()) };
    }

    internal static JsonElement ParseJson(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new CloudEventFormatException($"the data of a JSON event is not JSON: {ex.Message}");
        }
    }

    private static DateTimeOffset ReadTime(JsonElement json) => ParseTime(String(json, "time"));

    internal static DateTimeOffset ParseTime(string? text)
    {
        if (text is null) return DateTimeOffset.UtcNow;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw new CloudEventFormatException($"time '{text}' is not RFC 3339");
    }

    private static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A delivered event that is not a CloudEvent we can read (answered 400, or RETRY for a bulk entry).</summary>
public sealed class CloudEventFormatException(string message) : Exception(message);
