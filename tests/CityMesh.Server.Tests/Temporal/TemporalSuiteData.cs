using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CityMesh.Server.Tests.Temporal;

/// <summary>
/// The ETSI suite's temporalEntities files as requests and expectations. The suite gives every run a random entity id
/// (<c>urn:ngsi-ld:Vehicle:randomUUID</c>); so do these tests. Its files name the suite's own @context, a remote one:
/// until remote contexts are fetched (branch ctx), requests leave @context out and use the names directly, and
/// expected bodies are compared with names compacted (the suite's IRIs <c>https://ngsi-ld-test-suite/context#speed</c>
/// read as <c>speed</c>), ignoring @context and instanceId, as the suite does.
/// </summary>
internal static class TemporalSuiteData
{
    private const string RandomId = "urn:ngsi-ld:Vehicle:randomUUID";
    private const string SuiteVocabulary = "https://ngsi-ld-test-suite/context#";

    /// <summary>A file of the suite's temporalEntities data (<c>../shared/ngsi-ld/etsi-suite/data</c> beside the checkout), found from this source file.</summary>
    private static string SuiteFile(string file, [CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "..", "shared", "ngsi-ld", "etsi-suite", "data", "temporalEntities", file));

    public static string NewVehicleId() => Ngsi.NewId("Vehicle");

    /// <summary>A request body: the file with <paramref name="id"/> for the suite's random one and without @context.</summary>
    public static string Request(string file, string id)
    {
        var text = File.ReadAllText(SuiteFile(file));
        if (text.Trim().Length == 0) return text;
        var node = JsonNode.Parse(text.Replace(RandomId, id))!.AsObject();
        node.Remove("@context");
        return node.ToJsonString();
    }

    /// <summary>A file as it is (the empty and the invalid ones).</summary>
    public static string Raw(string file) => File.ReadAllText(SuiteFile(file));

    /// <summary>An expectation, normalized for comparison (<see cref="Normalize"/>).</summary>
    public static JsonNode Expected(string file, string id) =>
        Normalize(JsonNode.Parse(File.ReadAllText(SuiteFile($"expectations/{file}")).Replace(RandomId, id))!);

    /// <summary>Without @context and instanceId, and with the suite's IRIs compacted to their terms.</summary>
    public static JsonNode Normalize(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (name, value) in o)
                {
                    if (name is "@context" or "instanceId") continue;
                    copy[Compact(name)] = value is null ? null : Normalize(value);
                }
                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(item => item is null ? null : Normalize(item))]);
            default:
                return node.GetValueKind() == JsonValueKind.String ? JsonValue.Create(Compact(node.GetValue<string>())) : node.DeepClone();
        }
    }

    private static string Compact(string name) => name.StartsWith(SuiteVocabulary, StringComparison.Ordinal) ? name[SuiteVocabulary.Length..] : name;

    /// <summary>Equal as JSON (member order aside), with both sides shown when not.</summary>
    public static void AssertSame(JsonNode expected, JsonNode actual)
    {
        var normalized = Normalize(actual);
        Assert.True(JsonNode.DeepEquals(expected, normalized), $"expected {expected.ToJsonString()}\n     got {normalized.ToJsonString()}");
    }
}
