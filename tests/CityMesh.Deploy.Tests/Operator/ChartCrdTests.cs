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

    [Fact]
    public void Should_Install_The_Crd_With_The_Chart()
    {
        var crd = ChartRenderer.Render().Single("CustomResourceDefinition", CrdGenerator.Name);
        Assert.EndsWith("crds/twinscenarios.citymesh.io.yaml", crd.Source, StringComparison.Ordinal);
    }
}
