using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Limits;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CityMesh.Scenarios.Loading;

/// <summary>
/// Reads and writes TwinScenario documents: YAML or JSON, camelCase keys as in Kubernetes. Reading is strict (unknown
/// fields, wrong types and a wrong apiVersion/kind are <see cref="ScenarioFormatException"/>s with file, line, column
/// and field path) but does not validate values: that is <see cref="Validation.ScenarioValidator"/>'s job. Both stay
/// within <see cref="InputLimits"/>' YAML limits (<see cref="BoundedYaml"/>); without limits, the defaults.
/// </summary>
public static class ScenarioDocument
{
    /// <summary>The scenario file at <paramref name="path"/>: a regular file no larger than <see cref="InputLimits.YamlBytes"/>, checked before it is read.</summary>
    /// <exception cref="ScenarioFormatException">Not a scenario, or not a file that may be read as one.</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    public static TwinScenario Load(string path, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var source = System.IO.Path.GetFileName(path);
        string file;
        try
        {
            file = InputFileGuard.CheckNamed(path, "the scenario file", limits.YamlBytes, $"{InputLimits.Section}:{nameof(InputLimits.YamlBytes)}");
        }
        catch (ScenarioInputException e)
        {
            throw new ScenarioFormatException(source, 0, 0, "", e.Detail, e);
        }
        return Parse(File.ReadAllText(file), source, limits);
    }

    public static TwinScenario Parse(string text, string sourceName, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= InputLimits.Default;
        if (BoundedYaml.SizeProblem(Encoding.UTF8.GetByteCount(text), limits) is { } tooLarge)
            throw new ScenarioFormatException(sourceName, 0, 0, "", "the document is " + tooLarge);
        var root = ReadSingleDocument(text, sourceName, limits);
        var reader = new YamlTreeReader(sourceName);
        CheckTypeMeta(root, reader);
        var json = reader.ReadRoot(root);
        try
        {
            return json.Deserialize<TwinScenario>(ScenarioJson.Options) ?? throw reader.Error(root.Start, "", "empty document");
        }
        catch (JsonException e)
        {
            // The reader checked names and types, so this is rare; place it by the path System.Text.Json reports.
            var path = (e.Path ?? "$").TrimStart('$').TrimStart('.');
            var at = reader.Positions.TryGetValue(path, out var mark) ? mark : root.Start;
            throw new ScenarioFormatException(sourceName, (int)at.Line, (int)at.Column, path, e.Message, e);
        }
    }

    /// <summary>Block YAML with camelCase keys and nulls left out; <see cref="Parse"/> reads it back to an equal scenario.</summary>
    public static string ToYaml(TwinScenario scenario) =>
        YamlWriter.Write(JsonSerializer.SerializeToNode(scenario, ScenarioJson.Options)!);

    /// <summary>The wire JSON (<see cref="ScenarioJson.Options"/>).</summary>
    public static string ToJson(TwinScenario scenario, bool indented = false) =>
        JsonSerializer.Serialize(scenario, indented ? new JsonSerializerOptions(ScenarioJson.Options) { WriteIndented = true } : ScenarioJson.Options);

    private static YamlMappingNode ReadSingleDocument(string text, string sourceName, InputLimits limits)
    {
        // JSON is YAML, except that YAML forbids tabs where JSON allows them as whitespace; raw tabs cannot occur
        // inside JSON strings, so replacing them keeps the text and its line numbers.
        if (text.TrimStart().StartsWith('{')) text = text.Replace('\t', ' ');
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(text, limits);
        }
        catch (YamlException e)
        {
            throw new ScenarioFormatException(sourceName, (int)e.Start.Line, (int)e.Start.Column, "", BoundedYaml.Detail(e), e);
        }
        return stream.Documents switch
        {
            [] => throw new ScenarioFormatException(sourceName, 1, 1, "", "empty document; expected a TwinScenario"),
            [{ RootNode: YamlMappingNode root }] => root,
            [var single] => throw new ScenarioFormatException(sourceName, (int)single.RootNode.Start.Line, (int)single.RootNode.Start.Column, "",
                "expected a TwinScenario object (apiVersion, kind, metadata, spec)"),
            [_, var second, ..] => throw new ScenarioFormatException(sourceName, (int)second.RootNode.Start.Line, (int)second.RootNode.Start.Column, "",
                "more than one document; put one TwinScenario per file"),
        };
    }

    private static void CheckTypeMeta(YamlMappingNode root, YamlTreeReader reader)
    {
        Check("apiVersion", TwinScenario.GroupVersion);
        Check("kind", TwinScenario.KindName);

        void Check(string key, string expected)
        {
            var entry = root.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == key);
            if (entry.Value is null)
                throw reader.Error(root.Start, key, $"required; expected '{expected}'");
            if (entry.Value is not YamlScalarNode { Value: var actual } || actual != expected)
                throw reader.Error(entry.Value.Start, key, $"expected '{expected}', got '{(entry.Value as YamlScalarNode)?.Value ?? "an object or list"}'"
                    + (key == "apiVersion" ? "; this release reads only " + TwinScenario.GroupVersion : ""));
        }
    }
}
