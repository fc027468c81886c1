using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace CityMesh.Messaging.Kafka;

/// <summary>
/// CloudEvents Kafka protocol binding. Binary mode: attributes in <c>ce_*</c> headers, <c>content-type</c> header,
/// data as the value. Structured mode: the event as <c>application/cloudevents+json</c>. The key is the subject
/// (the entity id), so one entity's events share a partition and stay in order.
/// </summary>
public static class KafkaCloudEventCodec
{
    public const string SpecVersionHeader = "ce_specversion";
    public const string IdHeader = "ce_id";
    public const string SourceHeader = "ce_source";
    public const string TypeHeader = "ce_type";
    public const string SubjectHeader = "ce_subject";
    public const string TimeHeader = "ce_time";
    public const string ContentTypeHeader = "content-type";
    public const string TraceParentHeader = "traceparent";
    public const string StructuredContentType = "application/cloudevents+json; charset=UTF-8";

    public static Message<byte[]?, byte[]> Encode(CloudEvent e, KafkaContentMode jsonMode = KafkaContentMode.Binary) =>
        e.HasJsonData && jsonMode == KafkaContentMode.Structured ? EncodeStructured(e) : EncodeBinary(e);

    private static Message<byte[]?, byte[]> EncodeBinary(CloudEvent e)
    {
        var headers = new Headers
        {
            { SpecVersionHeader, Utf8(CloudEvent.SpecVersion) },
            { IdHeader, Utf8(e.Id) },
            { SourceHeader, Utf8(e.Source) },
            { TypeHeader, Utf8(e.Type) },
            { TimeHeader, Utf8(FormatTime(e.Time)) },
            { ContentTypeHeader, Utf8(e.DataContentType) },
        };
        if (e.Subject is not null) headers.Add(SubjectHeader, Utf8(e.Subject));
        if (e.TraceParent is not null) headers.Add(TraceParentHeader, Utf8(e.TraceParent));
        var value = e.HasJsonData
            ? e.Data.ValueKind == JsonValueKind.Undefined ? [] : JsonSerializer.SerializeToUtf8Bytes(e.Data)
            : e.BinaryData.ToArray();
        return new Message<byte[]?, byte[]> { Key = Key(e), Value = value, Headers = headers };
    }

    private static Message<byte[]?, byte[]> EncodeStructured(CloudEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("specversion", CloudEvent.SpecVersion);
            json.WriteString("id", e.Id);
            json.WriteString("source", e.Source);
            json.WriteString("type", e.Type);
            if (e.Subject is not null) json.WriteString("subject", e.Subject);
            json.WriteString("time", FormatTime(e.Time));
            json.WriteString("datacontenttype", e.DataContentType);
            if (e.TraceParent is not null) json.WriteString("traceparent", e.TraceParent);
            if (e.Data.ValueKind != JsonValueKind.Undefined)
            {
                json.WritePropertyName("data");
                e.Data.WriteTo(json);
            }
            json.WriteEndObject();
        }
        return new Message<byte[]?, byte[]>
        {
            Key = Key(e),
            Value = buffer.WrittenSpan.ToArray(),
            Headers = new Headers { { ContentTypeHeader, Utf8(StructuredContentType) } },
        };
    }

    /// <summary>The event a message carries, or why it carries none (missing attributes, bad JSON, bad time).</summary>
    public static bool TryDecode(Message<byte[]?, byte[]> message, out CloudEvent cloudEvent, out string reason)
    {
        cloudEvent = null!;
        try
        {
            var contentType = Header(message.Headers, ContentTypeHeader);
            var structured = contentType is not null && contentType.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase);
            return structured ? TryDecodeStructured(message, out cloudEvent, out reason) : TryDecodeBinary(message, contentType, out cloudEvent, out reason);
        }
        catch (Exception e) when (e is JsonException or FormatException or DecoderFallbackException or ArgumentException)
        {
            reason = $"undecodable CloudEvent: {e.GetType().Name}: {e.Message}";
            return false;
        }
    }

    private static bool TryDecodeBinary(Message<byte[]?, byte[]> message, string? contentType, out CloudEvent cloudEvent, out string reason)
    {
        cloudEvent = null!;
        var headers = message.Headers;
        var specVersion = Header(headers, SpecVersionHeader);
        var id = Header(headers, IdHeader);
        var source = Header(headers, SourceHeader);
        var type = Header(headers, TypeHeader);
        if (id is null || source is null || type is null)
        {
            reason = "not a CloudEvent: binary mode needs the ce_id, ce_source and ce_type headers";
            return false;
        }
        if (specVersion is not null && specVersion != CloudEvent.SpecVersion)
        {
            reason = $"unsupported CloudEvents specversion '{specVersion}'";
            return false;
        }
        var time = Header(headers, TimeHeader);
        var value = message.Value ?? [];
        var e = new CloudEvent
        {
            Id = id,
            Source = source,
            Type = type,
            Subject = Header(headers, SubjectHeader),
            Time = time is null ? default : ParseTime(time),
            DataContentType = contentType ?? "application/json",
            TraceParent = Header(headers, TraceParentHeader),
        };
        if (e.HasJsonData)
        {
            if (value.Length > 0) e = e with { Data = ParseJson(value) };
        }
        else
        {
            e = e with { BinaryData = value };
        }
        cloudEvent = e;
        reason = "";
        return true;
    }

    private static bool TryDecodeStructured(Message<byte[]?, byte[]> message, out CloudEvent cloudEvent, out string reason)
    {
        cloudEvent = null!;
        var root = ParseJson(message.Value ?? []);
        if (root.ValueKind != JsonValueKind.Object)
        {
            reason = "structured CloudEvent is not a JSON object";
            return false;
        }
        string? Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        var id = Text("id");
        var source = Text("source");
        var type = Text("type");
        if (id is null || source is null || type is null)
        {
            reason = "structured CloudEvent lacks id, source or type";
            return false;
        }
        if (Text("specversion") is { } v && v != CloudEvent.SpecVersion)
        {
            reason = $"unsupported CloudEvents specversion '{v}'";
            return false;
        }
        var e = new CloudEvent
        {
            Id = id,
            Source = source,
            Type = type,
            Subject = Text("subject"),
            Time = Text("time") is { } time ? ParseTime(time) : default,
            DataContentType = Text("datacontenttype") ?? "application/json",
            TraceParent = Text("traceparent"),
        };
        if (root.TryGetProperty("data_base64", out var base64)) e = e with { BinaryData = base64.GetBytesFromBase64() };
        else if (root.TryGetProperty("data", out var data)) e = e with { Data = data };
        cloudEvent = e;
        reason = "";
        return true;
    }

    private static byte[]? Key(CloudEvent e) => e.Subject is null ? null : Encoding.UTF8.GetBytes(e.Subject);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static string? Header(Headers? headers, string name)
    {
        if (headers is null) return null;
        // Last value wins, as Kafka header semantics suggest for repeated keys.
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            var h = headers[i];
            if (h.Key == name) return h.GetValueBytes() is { } bytes ? StrictUtf8.GetString(bytes) : null;
        }
        return null;
    }

    private static JsonElement ParseJson(byte[] value)
    {
        using var document = JsonDocument.Parse(value);
        return document.RootElement.Clone();
    }

    private static string FormatTime(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
