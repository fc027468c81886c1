using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityMesh.Simulation.Synthetic;

/// <summary>
/// The generators' options (<see cref="Plates.PlateSynthesisOptions"/>, <see cref="Telemetry.TelemetrySynthesisOptions"/>)
/// as JSON, camelCase as in the TwinScenario resource: the <c>options.json</c> beside a data set, and users' option
/// files. Unknown fields are errors, so a misspelt field is not silently ignored; a partly given section keeps the
/// defaults it does not give.
/// </summary>
public static class SynthesisOptionsJson
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    public static string Serialize<T>(T options) => JsonSerializer.Serialize(options, Json);

    /// <summary>Parses options; a malformed document throws <see cref="ArgumentException"/> naming <paramref name="source"/> and the field.</summary>
    public static T Parse<T>(string json, string source)
    {
        CheckSyntax(json, source);
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new ArgumentException($"{source}: the options are null");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(document)" : e.Path.TrimStart('$', '.');
            int cut = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new ArgumentException($"{source}: {field}: {(cut > 0 ? e.Message[..cut] : e.Message)}", e);
        }
    }

    public static T Read<T>(string path) => Parse<T>(File.ReadAllText(path), path);

    /// <summary>
    /// Refuses a document that is not JSON, saying where, never what: the parser's own message quotes the offending
    /// character, and an options file named by mistake (a key, a password file) must not show up in a terminal or log.
    /// </summary>
    private static void CheckSyntax(string json, string source)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json), new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = Json.MaxDepth is 0 ? 64 : Json.MaxDepth,
        });
        try
        {
            while (reader.Read()) { }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source}: (document): not JSON (nor YAML named .yaml or .yml) at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
        }
    }
}
