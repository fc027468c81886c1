using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CityMesh.Scenarios.Loading;

/// <summary>
/// Turns a YAML (or JSON, a subset of YAML) node tree into a JSON tree, guided by the model's shape so that unknown
/// fields and wrong types are reported where they are, with the YAML's line and column, before System.Text.Json sees
/// the tree. Scalars resolve as in YAML 1.2's core schema, as kubectl does: a plain <c>123</c> is a number and is not
/// accepted where a string is expected (the API server would refuse it too).
/// </summary>
internal sealed partial class YamlTreeReader(string source)
{
    // ObjectMeta fields the server sets that we do not model: "kubectl get -o yaml" output must still load.
    private static readonly HashSet<string> ServerMetadata = ["generateName", "selfLink", "ownerReferences", "managedFields", "deletionGracePeriodSeconds"];

    /// <summary>Where each value (by path) starts, to place errors found later.</summary>
    public Dictionary<string, Mark> Positions { get; } = [];

    public ScenarioFormatException Error(Mark at, string path, string detail) => new(source, (int)at.Line, (int)at.Column, path, detail);

    public JsonObject ReadRoot(YamlMappingNode root) => (JsonObject)Read(root, TypeShape.Of(typeof(TwinScenario)), "")!;

    /// <summary>The JSON for <paramref name="node"/>, or null where it is YAML's null (the field is left out).</summary>
    /// <remarks>
    /// Recursion follows <paramref name="shape"/>, not the document: a node nested deeper than the model is refused as
    /// the wrong type at the model's last level, so the depth is the model's (a handful), whatever the YAML holds.
    /// </remarks>
    private JsonNode? Read(YamlNode node, TypeShape shape, string path)
    {
        Positions[path] = node.Start;
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } plain && IsNull(plain.Value)) return null;
        return shape.Kind switch
        {
            ShapeKind.Object => ReadObject(Expect<YamlMappingNode>(node, shape, path), shape, path),
            ShapeKind.Map => ReadMap(Expect<YamlMappingNode>(node, shape, path), shape, path),
            ShapeKind.Array => ReadArray(Expect<YamlSequenceNode>(node, shape, path), shape, path),
            _ => ReadScalar(Expect<YamlScalarNode>(node, shape, path), shape, path),
        };
    }

    private JsonObject ReadObject(YamlMappingNode mapping, TypeShape shape, string path)
    {
        var json = new JsonObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = KeyOf(keyNode, path);
            var keyPath = Join(path, key);
            var field = shape.Field(key);
            if (field is null)
            {
                if (shape.ClrType == typeof(ObjectMeta) && ServerMetadata.Contains(key)) continue;
                var suggestion = DidYouMean.Suggest(key, shape.Fields.Select(f => f.JsonName));
                throw Error(keyNode.Start, keyPath, "unknown field" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
            }
            if (Read(valueNode, field.Shape, keyPath) is { } value) json[key] = value;
        }
        return json;
    }

    private JsonObject ReadMap(YamlMappingNode mapping, TypeShape shape, string path)
    {
        var json = new JsonObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = KeyOf(keyNode, path);
            json[key] = Read(valueNode, shape.Element!, Join(path, key)) ?? throw Error(valueNode.Start, Join(path, key), "must not be null");
        }
        return json;
    }

    private JsonArray ReadArray(YamlSequenceNode sequence, TypeShape shape, string path)
    {
        var json = new JsonArray();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            json.Add(Read(sequence.Children[i], shape.Element!, itemPath) ?? throw Error(sequence.Children[i].Start, itemPath, "must not be null"));
        }
        return json;
    }

    private JsonValue ReadScalar(YamlScalarNode scalar, TypeShape shape, string path)
    {
        var text = scalar.Value ?? "";
        var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
        switch (shape.Kind)
        {
            case ShapeKind.String:
                if (plain && ResolvesToNonString(text))
                    throw Error(scalar.Start, path, $"expected a string, got {Describe(scalar)}; quote it: \"{text}\"");
                return JsonValue.Create(text);
            case ShapeKind.DateTime:
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                    throw Error(scalar.Start, path, $"expected a date-time such as \"2026-01-02T15:04:05Z\", got {Describe(scalar)}");
                return JsonValue.Create(text);
            case ShapeKind.Boolean:
                if (plain && BoolLiteral().IsMatch(text)) return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase));
                throw Error(scalar.Start, path, $"expected true or false, got {Describe(scalar)}");
            case ShapeKind.Integer:
                if (!plain || !IntLiteral().IsMatch(text))
                    throw Error(scalar.Start, path, $"expected an integer, got {Describe(scalar)}");
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                    throw Error(scalar.Start, path, $"{Shortened(text)} is too large for a 64-bit integer");
                if (shape.ClrType == typeof(int) && integer is < int.MinValue or > int.MaxValue)
                    throw Error(scalar.Start, path, $"{text} is too large for a 32-bit integer");
                return shape.ClrType == typeof(int) ? JsonValue.Create((int)integer) : JsonValue.Create(integer);
            default: // ShapeKind.Number
                if (!plain || !FloatLiteral().IsMatch(text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    throw Error(scalar.Start, path, $"expected a number, got {Describe(scalar)}");
                if (!double.IsFinite(number)) throw Error(scalar.Start, path, $"{Shortened(text)} is too large for a 64-bit floating-point number");
                return JsonValue.Create(number);
        }
    }

    private T Expect<T>(YamlNode node, TypeShape shape, string path) where T : YamlNode =>
        node as T ?? throw Error(node.Start, path, $"expected {Expected(shape)}, got {Describe(node)}");

    private string KeyOf(YamlNode key, string path) =>
        key is YamlScalarNode { Value: { } name } ? name : throw Error(key.Start, path, "keys must be plain names");

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Expected(TypeShape shape) => shape.Kind switch
    {
        ShapeKind.Object or ShapeKind.Map => "an object (key: value lines)",
        ShapeKind.Array => "a list ('- ' items)",
        ShapeKind.String => "a string",
        ShapeKind.Integer => "an integer",
        ShapeKind.Number => "a number",
        ShapeKind.Boolean => "true or false",
        _ => "a date-time",
    };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "an object",
        YamlSequenceNode => "a list",
        YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s when ResolvesToNonString(s.Value ?? "") => $"'{s.Value}'",
        YamlScalarNode s => $"the string \"{s.Value}\"",
        _ => "an alias",
    };

    // A number of a million digits is still one number; the message needs only its start.
    private static string Shortened(string text) => text.Length <= 40 ? text : $"{text[..20]}... ({text.Length} digits)";

    private static bool IsNull(string? text) => text is null or "" or "~" or "null" or "Null" or "NULL";

    // YAML 1.2 core schema: these plain scalars are not strings.
    private static bool ResolvesToNonString(string text) =>
        IsNull(text) || BoolLiteral().IsMatch(text) || IntLiteral().IsMatch(text) || FloatLiteral().IsMatch(text) || SpecialFloat().IsMatch(text);

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex BoolLiteral();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntLiteral();

    [GeneratedRegex("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatLiteral();

    [GeneratedRegex("^([-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|0x[0-9a-fA-F]+|0o[0-7]+)$")]
    private static partial Regex SpecialFloat();
}
