using System.Globalization;
using System.Text.Json.Nodes;
using CityMesh.Limits;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Running;
using CityMesh.Simulation.Synthetic;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CityMesh.Cli.Commands;

/// <summary>
/// Reads the synth commands' <c>--options</c>: JSON, or YAML (.yaml/.yml) turned into the same JSON tree first, so
/// both are checked by one reader (<see cref="SynthesisOptionsJson"/>) that names the bad field. Plain YAML scalars resolve as YAML 1.2's core schema does (numbers, booleans,
/// null); quoted ones stay strings. Files are checked as every named input is (<see cref="InputFileGuard.CheckNamed"/>)
/// before they are read, and YAML is read within the YAML limits (<see cref="BoundedYaml"/>).
/// </summary>
internal static class SynthOptionsFile
{
    public static T Load<T>(string path)
    {
        bool yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        var limits = InputLimits.Default;
        var file = yaml
            ? Checked(path, "--options", limits.YamlBytes, nameof(InputLimits.YamlBytes))
            : Checked(path, "--options", limits.InputFileBytes, nameof(InputLimits.InputFileBytes));
        string text;
        try { text = File.ReadAllText(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--options {path}: cannot be read: {e.Message}");
        }
        try
        {
            return SynthesisOptionsJson.Parse<T>(yaml ? YamlToJson(text, path, limits) : text, path);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--options {e.Message}");
        }
    }

    /// <summary>The real path of a file given with <paramref name="option"/>, when it may be read (within the limit <paramref name="limit"/>).</summary>
    public static string Checked(string path, string option, long maxBytes, string limit)
    {
        try
        {
            return InputFileGuard.CheckNamed(path, option, maxBytes, $"{InputLimits.Section}:{limit}");
        }
        catch (ScenarioInputException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static string YamlToJson(string text, string path, InputLimits limits)
    {
        YamlStream stream;
        try { stream = BoundedYaml.Load(text, limits); }
        catch (YamlException e)
        {
            throw new ArgumentException($"{path}: line {e.Start.Line}, column {e.Start.Column}: {BoundedYaml.Detail(e)}");
        }
        if (stream.Documents.Count == 0) return "{}";
        return (Convert(stream.Documents[0].RootNode) ?? new JsonObject()).ToJsonString();
    }

    // Recursion follows the document, whose depth BoundedYaml has bounded (aliases expanded).
    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(Key(kv.Key), Convert(kv.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } plain => Plain(plain.Value ?? ""),
        YamlScalarNode quoted => JsonValue.Create(quoted.Value ?? ""),
        _ => throw new ArgumentException($"unsupported YAML node at line {node.Start.Line}"),
    };

    private static string Key(YamlNode key) =>
        key is YamlScalarNode { Value: { } name } ? name : throw new ArgumentException($"line {key.Start.Line}: keys must be plain names, not lists or objects");

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
