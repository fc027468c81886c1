using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>A SUMO network in the shape the twin holds road networks (CityFlow's).</summary>
public sealed class SumoRoadNetworkTests
{
    private static readonly CityFlowRoadNetwork Grid = SumoRoadNetwork.Read(TrafficTestData.Data("Sumo", "grid3.net.xml"));

    [Fact]
    public void Every_edge_is_a_road_and_every_junction_an_intersection_internal_ones_are_not()
    {
        var model = SumoNetworkReader.Read(TrafficTestData.Data("Sumo", "grid3.net.xml"));

        Assert.Equal(model.Edges.Select(e => e.Id), Grid.Roads.Select(r => r.Id));
        Assert.Equal(model.Junctions.Select(j => j.Id), Grid.Intersections.Select(i => i.Id));
        Assert.DoesNotContain(Grid.Roads, r => r.Id.StartsWith(':'));
        Assert.DoesNotContain(Grid.Intersections, i => i.Id.StartsWith(':'));
        Assert.Equal(("A1", "B1"), (Grid.Road("A1B1").StartIntersection, Grid.Road("A1B1").EndIntersection));
        Assert.Equal(new CityFlowPoint(200, 200), Grid.Intersection("B1").Point);
    }

    [Fact]
    public void A_roads_line_is_the_left_edge_of_its_leftmost_lane_and_its_lanes_count_from_there()
    {
        // A1B1 runs east; its lanes' centres are at y 195.2 (index 0, the kerb) and 198.4 (index 1), 3.2 m wide.
        var road = Grid.Road("A1B1");

        Assert.Equal([new CityFlowPoint(10.4, 200), new CityFlowPoint(189.6, 200)], road.Points.Select(p => new CityFlowPoint(Math.Round(p.X, 6), Math.Round(p.Y, 6))));
        Assert.Equal([Lane.DefaultWidth, Lane.DefaultWidth], road.Lanes.Select(l => l.Width));
        Assert.All(road.Lanes, l => Assert.Equal(13.89, l.MaxSpeed));
        Assert.Equal(179.2, road.Length, 6);
    }

    [Fact]
    public void A_lane_keeps_the_width_the_file_gives_and_the_road_line_follows_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"citymesh-widths-{Guid.NewGuid():N}.net.xml");
        var bad = Path.ChangeExtension(path, ".bad.xml");
        var grid = File.ReadAllText(TrafficTestData.Data("Sumo", "grid3.net.xml"));
        File.WriteAllText(path, grid.Replace("<lane id=\"A1B1_1\" index=\"1\" ", "<lane id=\"A1B1_1\" index=\"1\" width=\"4.00\" "));
        File.WriteAllText(bad, grid.Replace("<lane id=\"A1B1_1\" index=\"1\" ", "<lane id=\"A1B1_1\" index=\"1\" width=\"-1\" "));
        try
        {
            var road = SumoRoadNetwork.Read(path).Road("A1B1");

            // CityFlow counts from the centre line: the 4 m lane (SUMO's index 1) first; the road's line is that lane's
            // left edge, 2 m left of its centre at y 198.4.
            Assert.Equal([4.0, Lane.DefaultWidth], road.Lanes.Select(l => l.Width));
            Assert.Equal(200.4, road.Points[0].Y, 6);
            var e = Assert.Throws<TrafficImportException>(() => SumoNetworkReader.Read(bad));
            Assert.Contains("attribute 'width'", e.Message);
        }
        finally
        {
            File.Delete(path);
            File.Delete(bad);
        }
    }

    [Fact]
    public void An_intersection_keeps_SUMOs_junction_type()
    {
        Assert.Equal("traffic_light", Grid.Intersection("B1").JunctionType);
        var crossing = SumoRoadNetwork.Read(TrafficTestData.Data("Sumo", "level-crossing.net.xml"));
        Assert.Equal("rail_crossing", crossing.Intersection("C").JunctionType);
        Assert.Equal("dead_end", crossing.Intersection("W").JunctionType);
        Assert.True(crossing.Intersection("W").Virtual);
    }

    [Fact]
    public void Connections_between_two_edges_are_one_movement_with_a_lane_link_each()
    {
        var b1 = Grid.Intersection("B1");

        // From the north (B2B1): right to A1, straight to B0 on both lanes, left to C1, and the turnaround.
        var straight = b1.RoadLinks.Single(l => (l.StartRoad, l.EndRoad) == ("B2B1", "B1B0"));
        Assert.Equal("go_straight", straight.Type);
        // SUMO's lanes 0 and 1 are CityFlow's 1 and 0 (counted from the centre line).
        Assert.Equal([(1, 1), (0, 0)], straight.LaneLinks.Select(l => (l.StartLaneIndex, l.EndLaneIndex)));
        Assert.Equal("turn_right", b1.RoadLinks.Single(l => (l.StartRoad, l.EndRoad) == ("B2B1", "B1A1")).Type);
        Assert.Equal("turn_left", b1.RoadLinks.Single(l => (l.StartRoad, l.EndRoad) == ("B2B1", "B1C1")).Type);
        // A turnaround is a left turn where traffic keeps right.
        Assert.Equal("turn_left", b1.RoadLinks.Single(l => (l.StartRoad, l.EndRoad) == ("B2B1", "B1B2")).Type);
        Assert.Equal(16, b1.RoadLinks.Count);
        // A lane link runs from the end of one lane to the start of the next.
        var right = b1.RoadLinks.Single(l => (l.StartRoad, l.EndRoad) == ("A1B1", "B1B0")).LaneLinks.Single();
        Assert.Equal(new CityFlowPoint(189.6, 195.2), right.Points[0]);
        Assert.Equal(2, right.Points.Count);
    }

    [Fact]
    public void A_phase_gives_way_to_the_movements_its_state_shows_green_at_their_link_indices()
    {
        // B1: GGGggrrrrrGGGggrrrrr (links 0-4 from the north, 10-14 from the south), then yellow, then east-west.
        var b1 = Grid.Intersection("B1");
        Assert.True(b1.Signalised);
        var phases = b1.TrafficLight!.LightPhases;
        Assert.Equal([42.0, 3, 42, 3], phases.Select(p => p.Time));

        string[] From(int phase) => [.. phases[phase].AvailableRoadLinks.Select(i => b1.RoadLinks[i].StartRoad).Distinct().Order(StringComparer.Ordinal)];
        Assert.Equal(["B0B1", "B2B1"], From(0));
        Assert.Empty(From(1));
        Assert.Equal(["A1B1", "C1B1"], From(2));
        Assert.Empty(From(3));
        Assert.Equal(8, phases[0].AvailableRoadLinks.Count);
        Assert.Equal(Enumerable.Range(0, b1.RoadLinks.Count), b1.TrafficLight.RoadLinkIndices);
    }

    [Fact]
    public void A_junction_without_a_light_is_not_signalised_and_a_dead_end_is_the_networks_boundary()
    {
        var a0 = Grid.Intersection("A0");
        Assert.False(a0.Signalised);
        Assert.Null(a0.TrafficLight);
        Assert.False(a0.Virtual);
        Assert.True(a0.Width > 0);
    }

    [SumoExamplesFact]
    public void The_A10_network_reads_every_road_and_its_two_lights()
    {
        var network = SumoRoadNetwork.Read(SumoExamples.A10);

        // 1,794 edges in the file, 1,285 of them internal; 47 of the rest only pedestrians or bicycles may use.
        Assert.Equal(462, network.Roads.Count);
        var model = SumoNetworkReader.Read(SumoExamples.A10);
        var footways = model.Edges.Where(e => e.Lanes.All(l => (model.Lanes[l].Permissions & VehicleClasses.RoadVehicles) == 0)).Select(e => e.Id).ToList();
        Assert.Equal(47, footways.Count);
        Assert.DoesNotContain(network.Roads, r => footways.Contains(r.Id));
        Assert.Contains(network.Roads, r => r.Id == "-156640643#1");
        Assert.DoesNotContain(network.Roads, r => r.Id.StartsWith(':'));
        Assert.Equal(2, network.Intersections.Count(i => i.Signalised));
        Assert.Equal(10, network.Intersections.Count(i => i.Virtual)); // 24 dead ends, 14 of them reached by footways only
        // The game's programmes: 4 s yellow, 2 s all red, then green until the player switches.
        var light = network.Intersections.Single(i => i.Id == "cluster_21432412_32500298").TrafficLight!;
        Assert.Equal([4.0, 2, 10000], light.LightPhases.Select(p => p.Time));
        Assert.Empty(light.LightPhases[1].AvailableRoadLinks);
        Assert.NotEmpty(light.LightPhases[2].AvailableRoadLinks);
        Assert.All(network.Roads, r => Assert.True(r.Length > 0, r.Id));
    }
}
