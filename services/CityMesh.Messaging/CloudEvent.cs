using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityMesh.Messaging;

/// <summary>
/// A CloudEvents 1.0 event. JSON payloads are in <see cref="Data"/>; other content types (protobuf telemetry) in
/// <see cref="BinaryData"/>, which transports carry as Kafka values, Dapr <c>data_base64</c> or bytes in memory.
/// </summary>
public sealed record CloudEvent
{
    public const string SpecVersion = "1.0";

    public required string Id { get; init; }
    public required string Source { get; init; }
    public required string Type { get; init; }
    public string? Subject { get; init; }
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;
    public string DataContentType { get; init; } = "application/json";
    // Left out when unset (binary events), so an event with either payload serialises, e.g. inside a DeadLetter.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement Data
    {
        get => _text is null ? _data : _text.Element;
        init
        {
            _data = value;
            _text = null;
        }
    }

    private JsonElement _data;
    private JsonText? _text;

    /// <summary>
    /// Sets the JSON payload from its UTF-8 text, which the producer vouches is one JSON value (the twin's change
    /// batches, assembled from its own serializer's output): transports send the text as it is, and <see cref="Data"/>
    /// parses it only if it is read. A batch of changes parsed only to be written out again cost the twin a tenth of
    /// its ingest time. The event keeps the memory: it must not change afterwards.
    /// </summary>
    [JsonIgnore]
    public ReadOnlyMemory<byte> DataUtf8
    {
        init
        {
            _text = new JsonText(value);
            _data = default;
        }
    }

    /// <summary>The JSON payload's UTF-8 text, however it was set; empty when there is none.</summary>
    public ReadOnlySpan<byte> JsonUtf8() =>
        _text is not null ? _text.Utf8.Span
        : _data.ValueKind == JsonValueKind.Undefined ? default
        : System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(_data);

    /// <summary>JSON text and, once read, its parsed element (kept as one reference: a struct could be read torn).</summary>
    private sealed class JsonText(ReadOnlyMemory<byte> utf8)
    {
        private object? _element;

        public ReadOnlyMemory<byte> Utf8 => utf8;

        public JsonElement Element => (JsonElement)(_element ??= Parse(utf8.Span));

        private static object Parse(ReadOnlySpan<byte> text)
        {
            var reader = new Utf8JsonReader(text);
            return JsonElement.ParseValue(ref reader);
        }
    }

    /// <summary>The payload when <see cref="DataContentType"/> is not JSON.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ReadOnlyMemory<byte> BinaryData { get; init; }

    /// <summary>True when the payload is JSON (in <see cref="Data"/>), false when it is binary.</summary>
    public bool HasJsonData => IsJson(DataContentType);

    /// <summary>
    /// Whether an event of this content type carries its payload in <see cref="Data"/>: the media type (before any
    /// parameters) is <c>application/json</c> or a <c>+json</c> suffix type (RFC 6839). It runs for every event on
    /// the firehose, so it looks only at the media type, not through a long protobuf content type's parameters.
    /// </summary>
    public static bool IsJson(string dataContentType)
    {
        var media = dataContentType.AsSpan();
        var parameters = media.IndexOf(';');
        if (parameters >= 0) media = media[..parameters];
        media = media.Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>W3C trace context of the producer, when traced.</summary>
    public string? TraceParent { get; init; }

    public static CloudEvent Create<T>(string source, string type, T data, string? subject = null, JsonSerializerOptions? options = null) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Source = source,
        Type = type,
        Subject = subject,
        Data = JsonSerializer.SerializeToElement(data, options ?? JsonSerializerOptions.Web),
        TraceParent = System.Diagnostics.Activity.Current?.Id,
    };

    public T GetData<T>(JsonSerializerOptions? options = null) =>
        Data.Deserialize<T>(options ?? JsonSerializerOptions.Web)
        ?? throw new JsonException($"CloudEvent {Id} of type {Type} carries no data.");
}
