using System.Text;
using CityMesh.Deploy.Tests.Support;
using CityMesh.Scenarios.Crd;

namespace CityMesh.Deploy.Tests.Operator;

/// <summary>Helm installs crds/ before the templates: it must be the CRD the operator's types generate today.</summary>
public sealed class ChartCrdTests
{
    private const string ChartCrd = "charts/citymesh/crds/twinscenarios.citymesh.io.yaml";

    [Fact]
    public void Should_Ship_The_Crd_The_Generator_Produces()
    {
        var shipped = File.ReadAllBytes(Repository.Path(ChartCrd));
        var generated = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(CrdGenerator.Generate());

        Assert.True(shipped.AsSpan().SequenceEqual(generated),
            $"{ChartCrd} differs from what `citymesh scenario crd` generates: run it, then copy {CrdGenerator.CheckedInPath} to {ChartCrd}");
    }

    /// <summary>The energy scenario's fields travel with the chart: its section, its defaults and the validator's rules as CEL.</summary>
    [Fact]
    public void Should_Ship_The_Energy_Fields_With_Their_Defaults_And_Rules()
    {
        var crd = File.ReadAllText(Repository.Path(ChartCrd));

        Assert.Contains("energy: the grid, the period, the base load and weather", crd, StringComparison.Ordinal);
        Assert.Contains("message: intervalMinutes must be 15, 30 or 60", crd, StringComparison.Ordinal);
        Assert.Contains("message: energy is required for simulation energy", crd, StringComparison.Ordinal);
        Assert.Contains("message: a variant's outage must end within energy.hours", crd, StringComparison.Ordinal);
        Assert.Contains("- energy\n", crd, StringComparison.Ordinal); // spec.simulation's enum
    }

    /// <summary>The compound scenario's fields travel with the chart: its section, its parts and the validator's rules as CEL.</summary>
    [Fact]
    public void Should_Ship_The_Compound_Fields_With_Their_Rules()
    {
        var crd = File.ReadAllText(Repository.Path(ChartCrd));

        Assert.Contains("compound: a flood and the parts it is coupled with over its horizon", crd, StringComparison.Ordinal);
        Assert.Contains("message: compound is required for simulation compound", crd, StringComparison.Ordinal);
        Assert.Contains("message: set at least one of ambulance, evacuation or energy", crd, StringComparison.Ordinal);
        Assert.Contains("message: 'evacuation.hours must equal flood.hours: one horizon'", crd, StringComparison.Ordinal);
        Assert.Contains("message: \"energy.grid.twin is required: flooded substations are the twin's\"", crd, StringComparison.Ordinal);
        Assert.Contains("- compound\n", crd, StringComparison.Ordinal); // spec.simulation's enum
    }

    [Fact]
    public void Should_Install_The_Crd_With_The_Chart()
    {
        var crd = ChartRenderer.Render().Single("CustomResourceDefinition", CrdGenerator.Name);
        Assert.EndsWith("crds/twinscenarios.citymesh.io.yaml", crd.Source, StringComparison.Ordinal);
    }
}
