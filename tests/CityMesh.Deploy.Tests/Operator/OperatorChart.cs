using System.Text.Json.Nodes;
using CityMesh.Deploy.Tests.Support;
using CityMesh.Operator;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Deploy.Tests.Operator;

/// <summary>The chart rendered for the operator tests, and what its operator Deployment hands the operator.</summary>
internal static class OperatorChart
{
    public const string Release = "jinan";
    public const string Component = "jinan-citymesh-operator";
    public const string Worker = "jinan-citymesh-worker";

    /// <summary>Renders with these values (YAML) into <paramref name="ns"/>.</summary>
    public static RenderedChart Render(string valuesYaml = "", string ns = "citymesh-jinan")
    {
        var file = Path.Combine(Path.GetTempPath(), $"citymesh-operator-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, valuesYaml);
        try { return ChartRenderer.Render([file], Release, ns); }
        finally { File.Delete(file); }
    }

    public static JsonObject Deployment(RenderedChart chart) => chart.Single("Deployment", Component).Object;

    public static JsonObject Pod(RenderedChart chart) => Deployment(chart)["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonObject Container(RenderedChart chart) =>
        Pod(chart)["containers"]!.AsArray().Single(c => (string?)c!["name"] == "operator")!.AsObject();

    public static string[] Args(RenderedChart chart) =>
        Container(chart)["args"]?.AsArray().Select(a => (string)a!).ToArray() ?? [];

    /// <summary>The settings the operator binds from the Deployment's arguments, as its host does (the "Operator" section).</summary>
    public static OperatorOptions Options(RenderedChart chart) =>
        new ConfigurationBuilder().AddCommandLine(Args(chart)).Build().GetSection(OperatorOptions.Section).Get<OperatorOptions>()
        ?? throw new Xunit.Sdk.XunitException("the Deployment passes no Operator settings");
}
