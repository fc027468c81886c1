using System.Text.Json.Nodes;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Crd;

/// <summary>
/// The TwinScenario CustomResourceDefinition, generated from the C# types so the API server's schema, the loader and
/// the validator agree. The checked-in copy (<see cref="CheckedInPath"/>) is what gets applied; a test fails when it
/// drifts from <see cref="Generate"/>, and <c>citymesh scenario crd</c> rewrites it.
/// </summary>
public static class CrdGenerator
{
    /// <summary>Where the generated CRD is checked in, relative to the repository root.</summary>
    public const string CheckedInPath = "operator/CityMesh.Operator/crd/twinscenarios.citymesh.io.yaml";

    public const string Name = TwinScenario.Plural + "." + TwinScenario.Group;

    /// <summary>The CRD as YAML: deterministic (declaration order), ending with a newline.</summary>
    public static string Generate() => YamlWriter.Write(Build());

    internal static JsonObject Build() => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = Name },
        ["spec"] = new JsonObject
        {
            ["group"] = TwinScenario.Group,
            ["names"] = new JsonObject
            {
                ["kind"] = TwinScenario.KindName,
                ["listKind"] = TwinScenario.KindName + "List",
                ["plural"] = TwinScenario.Plural,
                ["singular"] = TwinScenario.Singular,
                ["shortNames"] = new JsonArray("tws"),
            },
            ["scope"] = "Namespaced",
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = TwinScenario.Version,
                ["served"] = true,
                ["storage"] = true,
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = RootSchema() },
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["additionalPrinterColumns"] = new JsonArray(
                    Column("Phase", "string", ".status.phase"),
                    Column("Simulation", "string", ".spec.simulation"),
                    Column("Backend", "string", ".status.backend"),
                    Column("Device", "string", ".status.device"),
                    Column("Progress", "string", ".status.progress"),
                    Column("Age", "date", ".metadata.creationTimestamp")),
            }),
        },
    };

    private static JsonObject RootSchema()
    {
        var schema = OpenApiSchema.ForObject(TypeShape.Of(typeof(TwinScenario)));
        var root = new JsonObject
        {
            ["description"] = "A what-if simulation of a city: a baseline network and demand, interventions simulated beside it, and their KPIs.",
        };
        foreach (var (k, v) in schema.ToList()) { schema.Remove(k); root[k] = v; }
        return root;
    }

    private static JsonObject Column(string name, string type, string path) =>
        new() { ["name"] = name, ["type"] = type, ["jsonPath"] = path };
}
