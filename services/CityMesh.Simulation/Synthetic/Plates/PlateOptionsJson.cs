using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityMesh.Simulation.Synthetic.Plates;

/// <summary>
/// <see cref="PlateSynthesisOptions"/> as JSON (camelCase, as in the TwinScenario resource): the <c>options.json</c>
/// beside a dataset, and users' option files. Unknown fields are errors, so a misspelt field is not silently ignored.
/// </summary>
public static class PlateOptionsJson
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    public static string Serialize(PlateSynthesisOptions options) => JsonSerializer.Serialize(options, Json);

    /// <summary>Parses options; a malformed document throws <see cref="ArgumentException"/> naming <paramref name="source"/> and the field.</summary>
    public static PlateSynthesisOptions Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<PlateSynthesisOptions>(json, Json) ?? throw new ArgumentException($"{source}: the options are null");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(document)" : e.Path.TrimStart('$', '.');
            int cut = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new ArgumentException($"{source}: {field}: {(cut > 0 ? e.Message[..cut] : e.Message)}", e);
        }
    }

    public static PlateSynthesisOptions Read(string path) => Parse(File.ReadAllText(path), path);
}
