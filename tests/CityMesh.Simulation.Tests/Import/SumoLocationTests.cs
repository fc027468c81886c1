using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Import;

public sealed class SumoLocationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-location-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Net(string location, string rest = """<edge id="e" from="a" to="b"/>""")
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.net.xml");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <net version="1.16">
                {location}
                {rest}
            </net>
            """);
        return path;
    }

    [SumoExamplesFact]
    public void Reads_the_A10_networks_UTM_projection_offset_and_boundaries()
    {
        var location = SumoLocation.Read(SumoExamples.A10);

        Assert.True(location.Georeferenced);
        Assert.Equal("+proj=utm +zone=33 +ellps=WGS84 +datum=WGS84 +units=m +no_defs", location.ProjParameter);
        Assert.Equal(new Point2(-402990.32, -5794389.48), location.NetOffset);
        Assert.Equal(new SumoBoundary(330.80, 0.00, 2817.12, 3173.89), location.ConvBoundary);
        Assert.Equal(new SumoBoundary(13.576712, 52.291597, 13.630952, 52.319872), location.OrigBoundary);
        // The network's (0, 0) is 402,990.32 m east and 5,794,389.48 m north in zone 33.
        var projected = location.Projected(330.80, 0);
        Assert.Equal(403_321.12, projected.X, 1e-6);
        Assert.Equal(5_794_389.48, projected.Y, 1e-6);
    }

    [SumoExamplesFact]
    public void Pasubio_is_not_georeferenced()
    {
        var location = SumoLocation.Read(SumoExamples.Pasubio("pasubio_buslanes.net.xml"));

        Assert.False(location.Georeferenced);
        Assert.Equal(SumoLocation.NotProjected, location.ProjParameter);
        Assert.Equal(new Point2(0, 0), location.NetOffset);
    }

    [Fact]
    public void Reads_the_element_and_nothing_after_it()
    {
        // What follows the element is not even XML: a reader that went on would fail.
        var path = Net("""<location netOffset="10.5,-20" projParameter="+proj=utm +zone=32 +south"/>""", "<edge id='e' <<<");

        var location = SumoLocation.Read(path);

        Assert.Equal(new Point2(10.5, -20), location.NetOffset);
        Assert.Equal("+proj=utm +zone=32 +south", location.ProjParameter);
        Assert.Null(location.ConvBoundary);
    }

    [Fact]
    public void A_network_without_the_element_has_no_projection()
    {
        var location = SumoLocation.Read(Net(""));

        Assert.Same(SumoLocation.None, location);
        Assert.False(location.Georeferenced);
    }

    [Theory]
    [InlineData("""<location projParameter="!"/>""", "'netOffset' is missing")]
    [InlineData("""<location netOffset="1,2,3" projParameter="!"/>""", "'netOffset' is '1,2,3'; it needs 2 numbers separated by commas")]
    [InlineData("""<location netOffset="1,north" projParameter="!"/>""", "'netOffset' 'north' is not a number")]
    [InlineData("""<location netOffset="0,0"/>""", "'projParameter' is missing")]
    [InlineData("""<location netOffset="0,0" projParameter=" "/>""", "'projParameter' is empty")]
    [InlineData("""<location netOffset="0,0" projParameter="!" convBoundary="0,0,1"/>""", "'convBoundary' is '0,0,1'; it needs 4 numbers")]
    public void A_malformed_element_is_refused_naming_the_attribute(string location, string expected)
    {
        var path = Net(location);

        var e = Assert.Throws<TrafficImportException>(() => SumoLocation.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("<location> attribute " + expected, e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_network_is_refused()
    {
        var path = Path.Combine(_directory, "routes.rou.xml");
        File.WriteAllText(path, "<routes><vehicle id='v' depart='0'/></routes>");

        var e = Assert.Throws<TrafficImportException>(() => SumoLocation.Read(path));

        Assert.Contains("expected a SUMO network, whose root element is <net>", e.Message);
    }
}
