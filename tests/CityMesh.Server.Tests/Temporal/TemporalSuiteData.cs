using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace CityMesh.Server.Tests.Temporal;

/// <summary>
/// The ETSI suite's temporalEntities files as requests and expectations. The suite gives every run a random entity id
/// (<c>urn:ngsi-ld:Vehicle:randomUUID</c>); so do these tests. Payloads go as published (application/ld+json with the
/// suite's @context, preloaded: <see cref="SuiteContexts"/>); answers are compared as the suite compares them,
/// ignoring @context and instanceId.
/// </summary>
internal static class TemporalSuiteData
{
    private const string RandomId = "urn:ngsi-ld:Vehicle:randomUUID";

    /// <summary>The Link header that names the suite's context, as the suite sends it with application/json.</summary>
    public static readonly string SuiteLink = $"<{Contexts.ContextServer.SuiteCompoundUrl}>; rel=\"{Ngsi.ContextRel}\"; type=\"{Ngsi.JsonLd}\"";

    /// <summary>A file of the suite's temporalEntities data (<c>../shared/ngsi-ld/etsi-suite/data</c> beside the checkout), found from this source file.</summary>
    private static string SuiteFile(string file, [CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "..", "shared", "ngsi-ld", "etsi-suite", "data", "temporalEntities", file));

    public static string NewVehicleId() => Ngsi.NewId("Vehicle");

    /// <summary>A request body: the file with <paramref name="id"/> for the suite's random one.</summary>
    public static string Request(string file, string id) => File.ReadAllText(SuiteFile(file)).Replace(RandomId, id);

    /// <summary>An expectation, without what the comparison ignores (<see cref="Normalize"/>).</summary>
    public static JsonNode Expected(string file, string id) =>
        Normalize(JsonNode.Parse(File.ReadAllText(SuiteFile($"expectations/{file}")).Replace(RandomId, id))!);

    /// <summary>Without @context and instanceId.</summary>
    public static JsonNode Normalize(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(m => m.Key is not ("@context" or "instanceId"))
            .Select(m => KeyValuePair.Create(m.Key, m.Value is null ? null : Normalize(m.Value)))),
        JsonArray a => new JsonArray([.. a.Select(item => item is null ? null : Normalize(item))]),
        _ => node.DeepClone(),
    };

    /// <summary>Equal as JSON (member order aside), with both sides shown when not.</summary>
    public static void AssertSame(JsonNode expected, JsonNode actual)
    {
        var normalized = Normalize(actual);
        Assert.True(JsonNode.DeepEquals(expected, normalized), $"expected {expected.ToJsonString()}\n     got {normalized.ToJsonString()}");
    }
}
