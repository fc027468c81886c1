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
}
