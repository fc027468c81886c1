using System.Text.Encodings.Web;
using System.Text.Json;

namespace CityMesh.Governance.Audit;

/// <summary>
/// One text per JSON value, whatever order or spacing it arrived in: object members sorted by name (ordinal, UTF-16
/// code units, recursively), no whitespace, strings escaped one fixed way, numbers as written. Hashes are taken over
/// this, never over a store's text (PostgreSQL's jsonb reorders keys), and stores keep this text verbatim.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    /// <exception cref="ArgumentException">An object has the same member twice: which one counts would be ambiguous.</exception>
    public static string Serialize(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options)) Write(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The canonical form of <paramref name="value"/>, as an element that outlives any document.</summary>
    public static JsonElement Normalize(JsonElement value)
    {
        using var document = JsonDocument.Parse(Serialize(value));
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = value.EnumerateObject().ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                writer.WriteStartObject();
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0 && members[i].Name == members[i - 1].Name)
                        throw new ArgumentException($"the JSON object has the member '{members[i].Name}' twice");
                    writer.WritePropertyName(members[i].Name);
                    Write(writer, members[i].Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(value.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                writer.WriteBooleanValue(value.GetBoolean());
                break;
            case JsonValueKind.Null:
                writer.WriteNullValue();
                break;
            default:
                throw new ArgumentException("an undefined JSON value cannot be recorded (use null or {})");
        }
    }
}
