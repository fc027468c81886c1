using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Sumo;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>
/// Rail junctions as road vehicles meet them, on Data/Sumo/level-crossing.net.xml (netconvert from the .nod.xml and
/// .edg.xml beside it): a two-way road W–C–E over level crossing C, and a track S–R–C–N with rail signal R. Cars
/// cross with the gates open, as in SUMO while no train comes; trains, whose gates and blocks are not simulated,
/// are refused naming the junction; a district junction is a boundary.
/// </summary>
public sealed class SumoRailJunctionTests : IDisposable
{
    private static readonly string Net = TrafficTestData.Data("Sumo", "level-crossing.net.xml");
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-rail-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string xml)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, xml);
        return path;
    }

    private const string Cars = """
        <routes>
            <flow id="east" begin="0" end="600" vehsPerHour="600" from="WC" to="CE"/>
            <flow id="west" begin="0" end="600" vehsPerHour="400" from="EC" to="CW"/>
        </routes>
        """;

    [Fact]
    public void The_crossing_carries_its_road_links_as_major_and_neither_the_tracks_nor_the_rail_signal()
    {
        var network = SumoNetworkReader.Read(Net);

        var at = network.Junctions.Select((j, i) => (j.Id, i)).Single(p => p.Id == "C").i;
        var crossing = network.Junctions[at];
        Assert.Equal(JunctionKind.RailCrossing, crossing.Kind);
        Assert.Null(crossing.Signal);
        Assert.Equal(JunctionKind.RailSignal, network.Junctions.Single(j => j.Id == "R").Kind);
        string Edge(int lane) => network.Edges[network.Lanes[lane].Edge].Id;
        var links = network.Connections.Where(c => c.Junction == at)
            .Select(c => (From: Edge(c.FromLane), To: Edge(c.ToLane), c.Major, c.Signal)).ToList();
        // Gated road links: WC→CE, WC→CN, EC→CW, EC→CN (the road's lanes let every class on); the track's RC→* are left out.
        Assert.Equal(["EC>CN", "EC>CW", "WC>CE", "WC>CN"], links.Select(l => $"{l.From}>{l.To}").Order());
        Assert.All(links, l => Assert.True(l.Major && l.Signal is null));
        Assert.DoesNotContain(network.Connections, c => Edge(c.FromLane) == "SR");
    }

    /// <summary>
    /// SUMO gives the road links 'O' while no train approaches: cars cross without braking. Measured: SUMO 48.9 s,
    /// CityMesh 50.4 s (+2.9 %); the bound is the issue's ±10 %, and nobody waits in either.
    /// </summary>
    [Fact]
    public async Task Cars_cross_as_in_SUMO_while_no_train_comes()
    {
        var sumo = SumoInstallation.Find();
        var routes = Write("cars.rou.xml", Cars);
        var theirs = await SumoRunner.RunAsync(sumo, Net, routes, new SumoRunOptions(Seed: 4, OutputDirectory: _directory));

        var network = SumoNetworkReader.Read(Net);
        var demand = SumoRoutesReader.Read(routes, network, 4);
        var results = new TrafficSimulation(network, demand, new TrafficSimulationOptions { Seed = 4 }).Run();
        var ours = results.Summary;

        Assert.Equal(demand.Trips.Count, theirs.Arrived);
        // The distance driven, on SUMO's definition (tripinfo routeLength): 594.9 m in SUMO, 595.0 m here.
        Assert.Equal(theirs.MeanRouteLength, results.Trips.Average(t => t.RouteLength), theirs.MeanRouteLength * 0.001);
        Assert.Equal(demand.Trips.Count, ours.Arrived);
        Assert.Equal(0, theirs.MeanWaitingTime);
        Assert.Equal(0, ours.MeanWaitingTime, 1e-9);
        var duration = ours.MeanTravelTime - ours.MeanInsertionDelay;
        Assert.InRange(duration, theirs.MeanTravelTime * 0.9, theirs.MeanTravelTime * 1.1);
    }

    [Theory]
    [InlineData("RC CN", "goes from edge 'RC' to edge 'CN', which no connection joins: it crosses level crossing 'C', and trains over level crossings are not simulated")]
    [InlineData("SR RC", "goes from edge 'SR' to edge 'RC', which no connection joins: it passes rail signal 'R', and block signalling is not simulated")]
    public void A_train_over_the_crossing_or_through_the_rail_signal_is_refused_naming_the_junction(string edges, string problem)
    {
        var routes = Write("train.rou.xml", $"""
            <routes>
                <vType id="train" vClass="rail" length="100"/>
                <vehicle id="t" type="train" depart="0"><route edges="{edges}"/></vehicle>
            </routes>
            """);

        var e = Assert.Throws<TrafficImportException>(() => SumoRoutesReader.Read(routes, SumoNetworkReader.Read(Net)));

        Assert.Contains("train.rou.xml: line 3: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_train_trip_finds_no_route_and_is_told_why()
    {
        var routes = Write("trip.rou.xml", """
            <routes><vType id="train" vClass="rail"/><trip id="t" type="train" depart="0" from="SR" to="CN"/></routes>
            """);

        var e = Assert.Throws<TrafficImportException>(() => SumoRoutesReader.Read(routes, SumoNetworkReader.Read(Net)));

        Assert.Contains("has no route from edge 'SR' to edge 'CN' on lanes vClass rail may use (trains are not routed over level crossings or through rail signals", e.Message);
    }

    [Fact]
    public void A_district_junction_is_a_boundary_where_trips_start_and_end()
    {
        var net = Write("district.net.xml", File.ReadAllText(Net).Replace("""<junction id="W" type="dead_end" """, """<junction id="W" type="district" """));
        var network = SumoNetworkReader.Read(net);
        Assert.Equal(JunctionKind.DeadEnd, network.Junctions.Single(j => j.Id == "W").Kind);

        var demand = SumoRoutesReader.Read(Write("cars.rou.xml", Cars), network, 4);
        var ours = new TrafficSimulation(network, demand, new TrafficSimulationOptions { Seed = 4 }).Run().Summary;

        Assert.Equal(demand.Trips.Count, ours.Arrived);
    }
}
