using System.Globalization;
using System.Text.Json.Nodes;
using CityMesh.Simulation.Synthetic;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CityMesh.Cli.Commands;

/// <summary>
/// Reads the synth commands' <c>--options</c>: JSON, or YAML (.yaml/.yml) turned into the same JSON tree first, so
/// both are checked by one reader (<see cref="SynthesisOptionsJson"/>) that names the bad field. Plain YAML scalars resolve as YAML 1.2's core schema does (numbers, booleans,
/// null); quoted ones stay strings.
/// </summary>
internal static class SynthOptionsFile
{
    public static T Load<T>(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--options {path}: cannot be read: {e.Message}");
        }
        try
        {
            bool yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
            return SynthesisOptionsJson.Parse<T>(yaml ? YamlToJson(text, path) : text, path);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--options {e.Message}");
        }
    }

    private static string YamlToJson(string text, string path)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            throw new ArgumentException($"{path}: line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        if (stream.Documents.Count == 0) return "{}";
        return (Convert(stream.Documents[0].RootNode) ?? new JsonObject()).ToJsonString();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } plain => Plain(plain.Value ?? ""),
        YamlScalarNode quoted => JsonValue.Create(quoted.Value ?? ""),
        _ => throw new ArgumentException($"unsupported YAML node at line {node.Start.Line}"),
    };

    private static JsonNode? Plain(string value)
    {
        if (value is "" or "~" or "null" or "Null" or "NULL") return null;
        if (value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return JsonValue.Create(whole);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) return JsonValue.Create(real);
        return JsonValue.Create(value);
    }
}
