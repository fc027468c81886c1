using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CityMesh.Simulation.Tests.Abuse;

/// <summary>
/// What an attacker or a careless editor does to a traffic file: hostile values in place of real ones, elements
/// duplicated or dropped, the file cut short or its bytes flipped, a DTD slipped in. Every choice comes from the
/// caller's seeded generator, and each mutation describes itself so a failing case can be rebuilt.
/// </summary>
internal static partial class Mutations
{
    /// <summary>Values that broke or slipped past importers: signs, zero, non-finite, huge, not numbers at all.</summary>
    public static readonly string[] HostileValues =
    [
        "-5", "0", "-0", "NaN", "Infinity", "-Infinity", "1e308", "-1e308", "4.9e-324", "1e-300", "99999999999999999999",
        "2147483648", "-2147483649", "9223372036854775808", "", " ", "x", "GGzz", "0x10", "1,5", "1 2", "0:0:-5", "1:2:3:4:5",
        "norm(", "norm(1,2,3)", "normc(1,0.1,2,3)", "-1:00:00", "best", "max", "∞", "\u00e9t\u00e9", "&#1;", "&amp;lt;",
    ];

    private static readonly string[] HostileJson =
    [
        "-5", "0", "-0.0", "1e308", "-1e308", "5e-324", "99999999999999999999", "2147483648", "-1", "0.5", "null", "true", "false",
        "\"\"", "\"x\"", "\"NaN\"", "\"-5\"", "[]", "{}", "[null]", "[-1]", "{\"x\":null}",
    ];

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex XmlAttribute();

    /// <summary>One to three XML mutations, sometimes then cut short or bytes flipped; the bytes and what was done.</summary>
    public static (byte[] Bytes, string Done) Xml(string text, Random random)
    {
        var done = new List<string>();
        for (var n = random.Next(1, 4); n > 0; n--) text = XmlOnce(text, random, done);
        return (Raw(text, random, done), string.Join("; ", done));
    }

    private static string XmlOnce(string text, Random random, List<string> done)
    {
        switch (random.Next(10))
        {
            case < 5:
                var attributes = XmlAttribute().Matches(text);
                if (attributes.Count == 0) goto default;
                var attribute = attributes[random.Next(attributes.Count)];
                var value = random.Next(4) == 0 ? Garbage(random) : HostileValues[random.Next(HostileValues.Length)];
                done.Add($"{attribute.Groups[1].Value}=\"{value}\" at {attribute.Index}");
                var group = attribute.Groups[2];
                return string.Concat(text.AsSpan(0, group.Index), Escape(value), text.AsSpan(group.Index + group.Length));
            case 5:
            case 6:
                var lines = text.Split('\n').ToList();
                var line = random.Next(lines.Count);
                if (random.Next(2) == 0)
                {
                    done.Add($"duplicated line {line + 1}");
                    lines.Insert(line, lines[line]);
                }
                else
                {
                    done.Add($"removed line {line + 1}");
                    lines.RemoveAt(line);
                }
                return string.Join('\n', lines);
            case 7:
                done.Add("inserted a DTD with entities");
                var root = text.IndexOf("<net", StringComparison.Ordinal) is var net and >= 0 ? net : Math.Max(0, text.IndexOf("<routes", StringComparison.Ordinal));
                return string.Concat(text.AsSpan(0, root), "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n", text.AsSpan(root));
            default:
                var cut = random.Next(text.Length);
                done.Add($"truncated at {cut}");
                return text[..cut];
        }
    }

    /// <summary>One to three JSON mutations at random places in the tree, sometimes then cut short or bytes flipped.</summary>
    public static (byte[] Bytes, string Done) Json(JsonNode original, IReadOnlyList<string> paths, Random random)
    {
        var root = original.DeepClone();
        var done = new List<string>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var path = paths[random.Next(paths.Count)];
            var node = At(root, path);
            if (node is null) continue;
            var parent = node.Parent;
            switch (random.Next(4))
            {
                case 0 when parent is JsonObject o:
                    done.Add($"removed {path}");
                    o.Remove(node.GetPropertyName());
                    break;
                case 1 when parent is JsonArray a:
                    done.Add($"duplicated {path}");
                    a.Insert(node.GetElementIndex(), node.DeepClone());
                    break;
                default:
                    var value = HostileJson[random.Next(HostileJson.Length)];
                    done.Add($"{path} = {value}");
                    if (parent is JsonObject obj) obj[node.GetPropertyName()] = JsonNode.Parse(value);
                    else if (parent is JsonArray arr) arr[node.GetElementIndex()] = JsonNode.Parse(value);
                    break;
            }
        }
        return (Raw(root.ToJsonString(), random, done), string.Join("; ", done));
    }

    /// <summary>Every node's path below <paramref name="root"/>, for picking a place to mutate.</summary>
    public static List<string> Paths(JsonNode root)
    {
        var paths = new List<string>();
        void Walk(JsonNode? node)
        {
            if (node is null) return;
            if (node.Parent is not null) paths.Add(node.GetPath());
            if (node is JsonObject o) foreach (var (_, child) in o) Walk(child);
            if (node is JsonArray a) foreach (var child in a) Walk(child);
        }
        Walk(root);
        return paths;
    }

    /// <summary>
    /// One time in five, a truncation or flipped bytes (what a broken disk or an interrupted copy leaves), on the
    /// encoded bytes so invalid UTF-8 reaches the reader too.
    /// </summary>
    private static byte[] Raw(string text, Random random, List<string> done)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        // Earlier mutations can leave nothing to cut or flip.
        if (bytes.Length == 0) return bytes;
        switch (random.Next(10))
        {
            case 0:
                var at = random.Next(bytes.Length);
                done.Add($"bytes truncated at {at}");
                return bytes[..at];
            case 1:
                for (var flips = random.Next(1, 9); flips > 0; flips--)
                {
                    var flip = random.Next(bytes.Length);
                    bytes[flip] = (byte)random.Next(256);
                    done.Add($"byte {flip} = {bytes[flip]}");
                }
                return bytes;
            default:
                return bytes;
        }
    }

    private static string Garbage(Random random)
    {
        const string letters = "abcXYZ019.-+eE:,() \t#%";
        return string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => letters[random.Next(letters.Length)]));
    }

    private static string Escape(string value) => value.Replace("\"", "&quot;").Replace("<", "&lt;");

    /// <summary>The node at a path as <see cref="JsonNode.GetPath"/> writes it ($.a.b[3].c).</summary>
    private static JsonNode? At(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (Match step in JsonStep().Matches(path))
        {
            // An earlier mutation may have replaced a parent by a value of another kind.
            node = step.Groups[1].Success ? (node as JsonObject)?[step.Groups[1].Value]
                : node is JsonArray a && int.Parse(step.Groups[2].Value) is var i && i < a.Count ? a[i] : null;
            if (node is null) return null;
        }
        return node;
    }

    [GeneratedRegex(@"\.(\w+)|\[(\d+)\]")]
    private static partial Regex JsonStep();
}
