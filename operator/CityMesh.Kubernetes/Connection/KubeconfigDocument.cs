using System.Text;
using CityMesh.Limits;
using YamlDotNet.RepresentationModel;

namespace CityMesh.Kubernetes;

/// <summary>A parsed kubeconfig with look-ups whose errors name the file and the field.</summary>
internal sealed class KubeconfigDocument
{
    private readonly string _path;

    /// <summary>Reads the file within the YAML limits (<see cref="BoundedYaml"/>): a kubeconfig is a few kilobytes.</summary>
    public KubeconfigDocument(string path)
    {
        _path = path;
        var limits = InputLimits.Default;
        YamlStream stream;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && BoundedYaml.SizeProblem(info.Length, limits) is { } tooLarge) throw Error($"too large: {tooLarge}");
            stream = BoundedYaml.Load(File.ReadAllText(path), limits);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw Error($"not valid YAML: line {e.Start.Line}, column {e.Start.Column}: {BoundedYaml.Detail(e)}");
        }
        Root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m
            ? m : throw Error("the document is not a mapping");
    }

    public YamlMappingNode Root { get; }

    public KubeConfigException Error(string what) => new($"kubeconfig {_path}: {what}");

    /// <summary>The <paramref name="inner"/> mapping of the entry called <paramref name="name"/> in list <paramref name="list"/>.</summary>
    public YamlMappingNode Named(string list, string name, string inner, string who)
    {
        if (Root.Node(list) is YamlSequenceNode seq)
        {
            foreach (var entry in seq.Children.OfType<YamlMappingNode>())
            {
                if (entry.Str("name") == name)
                    return entry.Node(inner) as YamlMappingNode ?? new YamlMappingNode();
            }
        }
        throw Error($"{who} is not in {list}");
    }

    /// <summary>PEM text from a base64 <c>-data</c> field, else from the file the other field names.</summary>
    public string? PemOf(YamlMappingNode map, string dataField, string fileField, string who, Func<string, string> resolve)
    {
        if (map.Str(dataField) is { Length: > 0 } data)
        {
            try { return Encoding.UTF8.GetString(Convert.FromBase64String(data)); }
            catch (FormatException) { throw Error($"{who} {dataField} is not base64"); }
        }
        if (map.Str(fileField) is { Length: > 0 } file)
        {
            var full = resolve(file);
            if (!File.Exists(full)) throw Error($"{who} {fileField} file {full} does not exist");
            return File.ReadAllText(full);
        }
        return null;
    }
}

internal static class YamlMappingExtensions
{
    public static YamlNode? Node(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public static string? Str(this YamlMappingNode map, string key) => (map.Node(key) as YamlScalarNode)?.Value;
}
