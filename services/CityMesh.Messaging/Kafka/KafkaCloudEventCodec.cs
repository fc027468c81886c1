using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CityMesh.Messaging.Protobuf;
using Confluent.Kafka;

namespace CityMesh.Messaging.Kafka;

/// <summary>
/// CloudEvents Kafka protocol binding. Structured mode in the protobuf format (the default): the whole event as one
/// <c>application/cloudevents+protobuf</c> value, with that one header. Binary mode: attributes in <c>ce_*</c>
/// headers, <c>content-type</c> header, data as the value. Structured mode in JSON: the event as
/// <c>application/cloudevents+json</c>. Every form is read whichever one the bus writes, so producers set differently
/// interoperate. The key is the subject (the entity id), so one entity's events share a partition and stay in order.
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
    public const string ProtobufContentType = CloudEventProtobuf.ContentType;

    /// <summary>The event as a Kafka message. In the protobuf format its headers are shared: copy them before adding any.</summary>
    public static Message<byte[]?, byte[]> Encode(CloudEvent e, KafkaEventFormat format = KafkaEventFormat.Protobuf) => format switch
    {
        KafkaEventFormat.Protobuf => EncodeProtobuf(e),
        KafkaEventFormat.Json when e.HasJsonData => EncodeStructured(e),
        _ => EncodeBinary(e),
    };

    /// <summary>
    /// One header instead of eight: Confluent.Kafka marshals each header across to librdkafka and back (a native call
    /// and objects per header, on both sides), which cost the firehose more than the rest of the event. Every such
    /// message shares one <see cref="Headers"/> (four objects per message fewer): whoever adds headers to an encoded
    /// message replaces its <see cref="MessageMetadata.Headers"/> with a copy first.
    /// </summary>
    private static Message<byte[]?, byte[]> EncodeProtobuf(CloudEvent e) => new()
    {
        Key = Key(e),
        Value = CloudEventProtobuf.Write(e),
        // A traced event also names its trace in a header (as the binary mode does), for Kafka tools that read headers
        // and not CloudEvents; an untraced one, the firehose's usual case, shares the one header.
        Headers = e.TraceParent is null ? ProtobufHeaders : new Headers
        {
            { ContentTypeHeader, ProtobufContentTypeUtf8 },
            { TraceParentHeader, Utf8(e.TraceParent) },
        },
    };

    private static readonly byte[] ProtobufContentTypeUtf8 = Encoding.UTF8.GetBytes(ProtobufContentType);
    private static readonly Headers ProtobufHeaders = new() { { ContentTypeHeader, ProtobufContentTypeUtf8 } };

    private static Message<byte[]?, byte[]> EncodeBinary(CloudEvent e)
    {
        // Every telemetry event passes here: the attributes that repeat from event to event (source, type, content
        // type) reuse their bytes, and the data is handed over without a copy (the producer copies it into its queue).
        var headers = new Headers
        {
            { SpecVersionHeader, SpecVersionBytes },
            { IdHeader, Utf8(e.Id) },
            { SourceHeader, Repeated.Source.Bytes(e.Source) },
            { TypeHeader, Repeated.Type.Bytes(e.Type) },
            { TimeHeader, TimeBytes(e.Time) },
            { ContentTypeHeader, Repeated.ContentType.Bytes(e.DataContentType) },
        };
        if (e.Subject is not null) headers.Add(SubjectHeader, Utf8(e.Subject));
        if (e.TraceParent is not null) headers.Add(TraceParentHeader, Utf8(e.TraceParent));
        var value = e.HasJsonData
            ? e.JsonUtf8().ToArray() // as parsed or given: not serialised again
            : WholeArray(e.BinaryData);
        return new Message<byte[]?, byte[]> { Key = Key(e), Value = value, Headers = headers };
    }

    private static readonly byte[] SpecVersionBytes = Encoding.UTF8.GetBytes(CloudEvent.SpecVersion);

    /// <summary>The array behind <paramref name="data"/> when it is all of one, else a copy.</summary>
    private static byte[] WholeArray(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();

    private static byte[] TimeBytes(DateTimeOffset time)
    {
        Span<byte> utf8 = stackalloc byte[64];
        return time.TryFormat(utf8, out var written, "O", CultureInfo.InvariantCulture) ? utf8[..written].ToArray() : Utf8(FormatTime(time));
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
            if (e.JsonUtf8() is { IsEmpty: false } data)
            {
                json.WritePropertyName("data");
                json.WriteRawValue(data, skipInputValidation: true); // a parsed element's text, or text its producer vouches for
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
            var contentType = message.Headers is { } headers && headers.TryGetLastBytes(ContentTypeHeader, out var bytes) && bytes is not null
                ? Repeated.ContentType.Text(bytes)
                : null;
            if (contentType is not null && contentType.StartsWith(ProtobufContentType, StringComparison.OrdinalIgnoreCase))
                return CloudEventProtobuf.TryRead(message.Value ?? [], out cloudEvent, out reason);
            if (contentType is not null && contentType.StartsWith("application/cloudevents-batch", StringComparison.OrdinalIgnoreCase))
            {
                reason = $"CloudEvents batches ({contentType}) are not part of the Kafka binding; send one event per message";
                return false;
            }
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
        // One pass over the headers, last value winning as in Header(); every telemetry event passes here.
        byte[]? specVersion = null, id = null, source = null, type = null, subject = null, time = null, traceParent = null;
        var headers = message.Headers;
        for (var i = 0; i < (headers?.Count ?? 0); i++)
        {
            var h = headers![i];
            var bytes = h.GetValueBytes();
            switch (h.Key)
            {
                case SpecVersionHeader: specVersion = bytes; break;
                case IdHeader: id = bytes; break;
                case SourceHeader: source = bytes; break;
                case TypeHeader: type = bytes; break;
                case SubjectHeader: subject = bytes; break;
                case TimeHeader: time = bytes; break;
                case TraceParentHeader: traceParent = bytes; break;
            }
        }
        if (id is null || source is null || type is null)
        {
            reason = "not a CloudEvent: binary mode needs the ce_id, ce_source and ce_type headers";
            return false;
        }
        if (specVersion is not null && !specVersion.AsSpan().SequenceEqual(SpecVersionBytes))
        {
            reason = $"unsupported CloudEvents specversion '{StrictUtf8.GetString(specVersion)}'";
            return false;
        }
        var value = message.Value ?? [];
        var e = new CloudEvent
        {
            Id = StrictUtf8.GetString(id),
            Source = Repeated.Source.Text(source),
            Type = Repeated.Type.Text(type),
            Subject = subject is null ? null : StrictUtf8.GetString(subject),
            Time = time is null ? default : ParseTime(time),
            DataContentType = contentType ?? "application/json",
            TraceParent = traceParent is null ? null : StrictUtf8.GetString(traceParent),
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

    /// <summary>Attributes whose value is usually the same from one event to the next.</summary>
    private static class Repeated
    {
        public static readonly RepeatedText Source = new(), Type = new(), ContentType = new();
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

    /// <summary>An element that owns its memory (nothing rented to return), without the copy Clone() makes.</summary>
    private static JsonElement ParseJson(byte[] value)
    {
        var reader = new Utf8JsonReader(value);
        return JsonElement.ParseValue(ref reader);
    }

    private static string FormatTime(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>
    /// The round-trip form this codec writes (seven fraction digits, then Z or an offset) parsed from the bytes; any
    /// other RFC 3339 form through the string parser.
    /// </summary>
    private static DateTimeOffset ParseTime(byte[] utf8)
    {
        var explicitOffset = utf8.Length == 33 && utf8[27] is (byte)'+' or (byte)'-' || utf8.Length == 28 && utf8[27] == (byte)'Z';
        return explicitOffset && Utf8Parser.TryParse(utf8, out DateTimeOffset time, out var consumed, 'O') && consumed == utf8.Length
            ? time
            : ParseTime(StrictUtf8.GetString(utf8));
    }
}
