using System.Globalization;
using System.Text.Json;

namespace CityMesh.Twin.Model;

public enum TwinValueKind : byte
{
    Number,
    Text,
    Boolean,
    /// <summary>A structured JSON value (object or array), kept as its compact JSON text.</summary>
    Json,
}

/// <summary>
/// A property's value. Numbers, the common case for telemetry, live unboxed; text and structured JSON are
/// referenced. Equality is by kind and content.
/// </summary>
public readonly record struct TwinValue
{
    private TwinValue(TwinValueKind kind, double number, string? text)
    {
        Kind = kind;
        Number = number;
        Text = text;
    }

    public TwinValueKind Kind { get; }

    /// <summary>The number (Number) or 1/0 (Boolean).</summary>
    public double Number { get; }

    /// <summary>The string (Text) or compact JSON (Json).</summary>
    public string? Text { get; }

    public bool IsNumber => Kind == TwinValueKind.Number;

    public static TwinValue Of(double number) => new(TwinValueKind.Number, number, null);
    public static TwinValue Of(string text) => new(TwinValueKind.Text, 0, text ?? throw new ArgumentNullException(nameof(text)));
    public static TwinValue Of(bool flag) => new(TwinValueKind.Boolean, flag ? 1 : 0, null);

    /// <summary>Structured JSON; scalars are mapped to their own kinds so equal values compare equal.</summary>
    public static TwinValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => Of(element.GetDouble()),
        JsonValueKind.String => Of(element.GetString()!),
        JsonValueKind.True => Of(true),
        JsonValueKind.False => Of(false),
        JsonValueKind.Object or JsonValueKind.Array => new(TwinValueKind.Json, 0, JsonSerializer.Serialize(element)),
        _ => throw new ArgumentException($"A property value cannot be JSON {element.ValueKind}.", nameof(element)),
    };

    /// <summary>Writes the value as JSON.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case TwinValueKind.Number: writer.WriteNumberValue(Number); break;
            case TwinValueKind.Text: writer.WriteStringValue(Text); break;
            case TwinValueKind.Boolean: writer.WriteBooleanValue(Number != 0); break;
            default:
                using (var doc = JsonDocument.Parse(Text!)) doc.RootElement.WriteTo(writer);
                break;
        }
    }

    public object ToClrValue() => Kind switch
    {
        TwinValueKind.Number => Number,
        TwinValueKind.Boolean => Number != 0,
        _ => Text!,
    };

    public override string ToString() => Kind switch
    {
        TwinValueKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        TwinValueKind.Boolean => Number != 0 ? "true" : "false",
        _ => Text!,
    };
}
