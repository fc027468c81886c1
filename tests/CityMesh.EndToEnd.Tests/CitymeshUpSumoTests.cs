using CityMesh.Cli.Commands;

namespace CityMesh.EndToEnd.Tests;

/// <summary><c>citymesh up --sumo-net</c>: which options make one city, and what a SUMO city is called.</summary>
public sealed class CitymeshUpSumoTests
{
    [Theory]
    [InlineData(new[] { "--sumo-net", "a.net.xml", "--road-network", "roadnet.json" }, "--sumo-net seeds the city from a SUMO network; --road-network and --traffic-flow")]
    [InlineData(new[] { "--sumo-net", "a.net.xml", "--traffic-flow", "flow.json" }, "give one or the other")]
    [InlineData(new[] { "--routes", "a.rou.xml" }, "--routes and --additional go with --sumo-net")]
    [InlineData(new[] { "--additional", "tls.add.xml" }, "--routes and --additional go with --sumo-net")]
    [InlineData(new[] { "--sumo-net", "a.net.xml", "--anchor", "52.3" }, "--anchor is '52.3'; give it as latitude,longitude")]
    public async Task Options_that_do_not_make_one_city_are_refused_before_anything_starts(string[] options, string expected)
    {
        var (code, output) = await CitymeshProcess.RunAsync(["up", "--port", "0", .. options]);

        Assert.Equal(2, code);
        Assert.Contains(expected, output.ReplaceLineEndings(" "));
        Assert.DoesNotContain("CityMesh is up", output);
    }

    [Fact]
    public void Options_that_make_one_city_pass()
    {
        Assert.Null(UpCommand.CityProblem("a.net.xml", "a.rou.xml", ["tls.add.xml", "types.add.xml"], null, null, "44.49,11.34"));
        Assert.Null(UpCommand.CityProblem(null, null, [], "roadnet.json", "flow.json", null));
    }

    [Theory]
    [InlineData("/usr/share/sumo/tools/game/A10KW/osm.net.xml", "A10KW")]
    [InlineData("scenarios/pasubio/pasubio_buslanes.net.xml", "pasubio_buslanes")]
    [InlineData("berlin.net", "berlin")]
    [InlineData("/tmp/___.net.xml", "SUMO")]
    public void A_SUMO_city_is_named_after_its_network(string path, string name) => Assert.Equal(name, UpCommand.SumoCityName(path));
}
