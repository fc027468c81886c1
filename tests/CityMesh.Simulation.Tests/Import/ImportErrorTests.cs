using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>Every bad file in Data/Bad fails with a message that says where: file, line or JSON path, element, attribute.</summary>
public sealed class ImportErrorTests
{
    private static readonly TrafficNetwork Grid = SumoNetworkReader.Read(TrafficTestData.Data("Sumo", "grid3.net.xml"));
    private static readonly Lazy<TrafficNetwork> Jinan = new(() => CityFlowNetworkReader.Read(TrafficTestData.JinanRoadnet));

    [Fact]
    public void Missing_attribute_names_the_lane_the_attribute_and_the_line()
    {
        var e = Fails(() => SumoNetworkReader.Read(Bad("missing-length.net.xml")));
        Assert.Contains("missing-length.net.xml: line 5: <lane id=\"ab_1\"> attribute 'length' is missing", e.Message);
    }

    [Fact]
    public void Unknown_junction_type_is_a_clear_error()
    {
        var e = Fails(() => SumoNetworkReader.Read(Bad("unknown-junction-type.net.xml")));
        Assert.Contains("line 8: <junction id=\"b\"> attribute 'type' 'roundabout_magic' is not a supported junction type", e.Message);
    }

    [Fact]
    public void Malformed_xml_names_the_line()
    {
        var e = Fails(() => SumoNetworkReader.Read(Bad("malformed.net.xml")));
        Assert.Contains("malformed.net.xml: line 6", e.Message);
        Assert.Contains("malformed XML", e.Message);
        Assert.IsType<System.Xml.XmlException>(e.InnerException);
    }

    [Fact]
    public void Unknown_edge_in_a_route_names_the_route_the_edge_and_the_line()
    {
        var e = Fails(() => SumoRoutesReader.Read(Bad("unknown-edge.rou.xml"), Grid));
        Assert.Contains("unknown-edge.rou.xml: line 3: <route id=\"r0\"> attribute 'edges' names edge 'A1Z9', which the network does not have", e.Message);
    }

    [Fact]
    public void Unconnected_route_names_the_vehicle_both_edges_and_the_line()
    {
        var e = Fails(() => SumoRoutesReader.Read(Bad("unconnected.rou.xml"), Grid));
        Assert.Contains("unconnected.rou.xml: line 6: <route> attribute 'edges' of vehicle 'lost' goes from edge 'A0A1' to edge 'B1B2', which no connection joins", e.Message);
    }

    [Fact]
    public void Bad_number_names_the_vtype_the_attribute_and_the_line()
    {
        var e = Fails(() => SumoRoutesReader.Read(Bad("bad-number.rou.xml"), Grid));
        Assert.Contains("line 3: <vType id=\"slow\"> attribute 'accel' 'fast' is not a number", e.Message);
    }

    [Fact]
    public void Triggered_departures_are_refused()
    {
        var e = Fails(() => SumoRoutesReader.Read(Bad("triggered.rou.xml"), Grid));
        Assert.Contains("line 2: <trip id=\"t0\"> attribute 'depart' 'triggered' departures are not supported", e.Message);
    }

    [Fact]
    public void Malformed_json_names_the_line()
    {
        var e = Fails(() => CityFlowNetworkReader.Read(Bad("malformed.roadnet.json")));
        Assert.Contains("malformed.roadnet.json: line 5", e.Message);
        Assert.Contains("malformed JSON", e.Message);
    }

    [Fact]
    public void Bad_json_number_names_its_path()
    {
        var e = Fails(() => CityFlowNetworkReader.Read(Bad("bad-number.roadnet.json")));
        Assert.Contains("bad-number.roadnet.json: roads[0].lanes[1].maxSpeed must be a number, not \"fast\"", e.Message);
    }

    [Fact]
    public void Unknown_road_in_a_flow_names_its_path()
    {
        var e = Fails(() => CityFlowFlowReader.Read(Bad("unknown-road.flow.json"), Jinan.Value));
        Assert.Contains("unknown-road.flow.json: [1].route[1] names edge 'road_9_9_9', which the network does not have", e.Message);
    }

    [Fact]
    public void Unreachable_trip_names_both_edges()
    {
        // The grid without the links of corner junction A0: nothing leaves A1A0 any more, so A0A1 cannot be reached from it.
        var file = Path.Combine(Path.GetTempPath(), $"citymesh-unreachable-{Guid.NewGuid():N}.rou.xml");
        File.WriteAllText(file, "<routes>\n    <trip id=\"t\" depart=\"0\" from=\"A1A0\" to=\"A0A1\"/>\n</routes>\n");
        try
        {
            var network = Grid with { Connections = Grid.Connections.Where(c => Grid.Junctions[c.Junction].Id != "A0").ToList() };
            var e = Fails(() => SumoRoutesReader.Read(file, network));
            Assert.Contains("line 2: <trip id=\"t\"> attribute 'to' has no route from edge 'A1A0' to edge 'A0A1'", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Unconnected_named_route_names_the_vehicle_that_uses_it_and_both_lines()
    {
        var file = Path.Combine(Path.GetTempPath(), $"citymesh-named-{Guid.NewGuid():N}.rou.xml");
        File.WriteAllText(file, "<routes>\n    <route id=\"r\" edges=\"A0A1 B1B2\"/>\n    <vehicle id=\"v9\" route=\"r\" depart=\"0\"/>\n</routes>\n");
        try
        {
            var e = Fails(() => SumoRoutesReader.Read(file, Grid));
            Assert.Contains("line 3: <vehicle id=\"v9\"> attribute 'route' 'r' (line 2) goes from edge 'A0A1' to edge 'B1B2', which no connection joins", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Missing_file_is_an_import_error()
    {
        var e = Fails(() => SumoNetworkReader.Read(Bad("no-such.net.xml")));
        Assert.Contains("no-such.net.xml: cannot open", e.Message);
    }

    private static string Bad(string name) => TrafficTestData.Data("Bad", name);

    private static TrafficImportException Fails(Action read)
    {
        var e = Assert.Throws<TrafficImportException>(read);
        Assert.False(string.IsNullOrEmpty(e.File));
        return e;
    }
}
