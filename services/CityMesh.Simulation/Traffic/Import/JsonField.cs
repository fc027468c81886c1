using System.Text.Json;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A JSON value with its path in the file (<c>roads[3].lanes[1].maxSpeed</c>), so every error can say where it is.
/// </summary>
internal readonly record struct JsonField(string File, string Path, JsonElement Value)
{
    /// <summary>Parses the whole file; malformed JSON is reported with its line and byte position.</summary>
    public static JsonDocument Parse(string file)
    {
        try
        {
            using var stream = System.IO.File.OpenRead(file);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new TrafficImportException(file, $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: malformed JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrafficImportException(file, $"cannot open: {e.Message}", e);
        }
    }

    public TrafficImportException Error(string problem) => new(File, $"{(Path.Length == 0 ? "(root)" : Path)} {problem}");

    public JsonField Property(string name)
    {
        if (Value.ValueKind != JsonValueKind.Object) throw Error("must be an object");
        return Value.TryGetProperty(name, out var child)
            ? new JsonField(File, Child(name), child)
            : throw new TrafficImportException(File, $"{Child(name)} is missing");
    }

    public JsonField? OptionalProperty(string name) =>
        Value.ValueKind == JsonValueKind.Object && Value.TryGetProperty(name, out var child) && child.ValueKind != JsonValueKind.Null
            ? new JsonField(File, Child(name), child)
            : null;

    public IEnumerable<JsonField> Items()
    {
        if (Value.ValueKind != JsonValueKind.Array) throw Error("must be an array");
        var file = File;
        var path = Path;
        return Value.EnumerateArray().Select((item, i) => new JsonField(file, $"{path}[{i}]", item));
    }

    public string String() => Value.ValueKind == JsonValueKind.String ? Value.GetString()! : throw Error($"must be a string, not {Describe()}");

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

    public string String(string name) => Property(name).String();
    public double Number(string name) => Property(name).Number();
    public int Int(string name) => Property(name).Int();

    private string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    private string Describe() => Value.ValueKind switch
    {
        JsonValueKind.String => $"\"{Value.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => Value.GetRawText(),
    };
}
