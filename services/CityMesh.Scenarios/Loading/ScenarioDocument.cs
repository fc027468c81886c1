using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CityMesh.Scenarios.Loading;

/// <summary>
/// Reads and writes TwinScenario documents: YAML or JSON, camelCase keys as in Kubernetes. Reading is strict (unknown
/// fields, wrong types and a wrong apiVersion/kind are <see cref="ScenarioFormatException"/>s with file, line, column
/// and field path) but does not validate values: that is <see cref="Validation.ScenarioValidator"/>'s job.
/// </summary>
public static class ScenarioDocument
{
    public static TwinScenario Load(string path) => Parse(File.ReadAllText(path), System.IO.Path.GetFileName(path));

    public static TwinScenario Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = ReadSingleDocument(text, sourceName);
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

    private static YamlMappingNode ReadSingleDocument(string text, string sourceName)
    {
        // JSON is YAML, except that YAML forbids tabs where JSON allows them as whitespace; raw tabs cannot occur
        // inside JSON strings, so replacing them keeps the text and its line numbers.
        if (text.TrimStart().StartsWith('{')) text = text.Replace('\t', ' ');
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ScenarioFormatException(sourceName, (int)e.Start.Line, (int)e.Start.Column, "", Unprefixed(e), e);
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

    // YamlDotNet prefixes its messages with both marks; ours carry the position already.
    private static string Unprefixed(YamlException e)
    {
        var message = e.Message;
        var end = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && end > 0 ? message[(end + 3)..] : message;
    }
}
