using System.Text.Json;
using CityMesh.Limits;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A JSON value with its path in the file (<c>roads[3].lanes[1].maxSpeed</c>), so every error can say where it is.
/// </summary>
internal readonly record struct JsonField(string File, string Path, JsonElement Value)
{
    /// <summary>
    /// Parses the whole file, which <see cref="InputLimits.InputFileBytes"/> bounds; malformed JSON (or nesting past
    /// <see cref="InputLimits.JsonDepth"/>) is reported with its line and byte position.
    /// </summary>
    public static JsonDocument Parse(string file, InputLimits limits)
    {
        using var stream = InputFile.Open(file, limits);
        try
        {
            return JsonDocument.Parse(stream, new JsonDocumentOptions
            {
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Skip,
                MaxDepth = limits.JsonDepth,
            });
        }
        catch (JsonException e)
        {
            throw new TrafficImportException(file, $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: malformed JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrafficImportException(file, $"cannot read: {e.Message}", e);
        }
    }

    public TrafficImportException Error(string problem) => new(File, $"{(Path.Length == 0 ? "(root)" : Path)} {problem}");

    public JsonField Property(string name)
    {
        if (Value.ValueKind != JsonValueKind.Object) throw Error($"must be an object, not {Describe()}");
        return Value.TryGetProperty(name, out var child)
            ? new JsonField(File, Child(name), child)
            : throw new TrafficImportException(File, $"{Child(name)} is missing");
    }

    public JsonField? OptionalProperty(string name) =>
        Value.ValueKind == JsonValueKind.Object && Value.TryGetProperty(name, out var child) && child.ValueKind != JsonValueKind.Null
            ? new JsonField(File, Child(name), child)
            : null;

    /// <summary>Number of items of an array, or an error naming the path when it is not one.</summary>
    public int Count() => Value.ValueKind == JsonValueKind.Array ? Value.GetArrayLength() : throw Error($"must be an array, not {Describe()}");

    public IEnumerable<JsonField> Items()
    {
        if (Value.ValueKind != JsonValueKind.Array) throw Error($"must be an array, not {Describe()}");
        var file = File;
        var path = Path;
        return Value.EnumerateArray().Select((item, i) => new JsonField(file, $"{path}[{i}]", item));
    }

    public string String() => Value.ValueKind == JsonValueKind.String ? Text() ?? throw Error("is not UTF-8 text") : throw Error($"must be a string, not {Describe()}");

    /// <summary>The string, or null when its bytes are not UTF-8: the parser checks strings only when they are read.</summary>
    private string? Text()
    {
        try
        {
            return Value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public double Number() =>
        Value.ValueKind == JsonValueKind.Number && Value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw Error($"must be a number, not {Describe()}");

    public int Int() =>
        Value.ValueKind == JsonValueKind.Number && Value.TryGetInt32(out var number) ? number : throw Error($"must be an integer, not {Describe()}");

    public bool Bool() => Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"must be true or false, not {Describe()}"),
    };

    /// <summary>A number within <paramref name="bound"/>, or an error that gives the value and the rule.</summary>
    public double Number(Bound bound) =>
        Number() is var value && bound.Contains(value) ? value : throw Error($"is {TrafficImportException.Quote(Value.GetRawText())}; {bound.Rule}");

    /// <summary>A string that names something: not empty.</summary>
    public string Name() => String() is { Length: > 0 } name ? name : throw Error("must not be empty");

    public string String(string name) => Property(name).String();
    public string Name(string name) => Property(name).Name();
    public double Number(string name) => Property(name).Number();
    public double Number(string name, Bound bound) => Property(name).Number(bound);
    public int Int(string name) => Property(name).Int();

    private string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    private string Describe() => Value.ValueKind switch
    {
        JsonValueKind.String => Text() is { } text ? $"\"{TrafficImportException.Quote(text)}\"" : "a string that is not UTF-8",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => TrafficImportException.Quote(Value.GetRawText()),
    };
}
