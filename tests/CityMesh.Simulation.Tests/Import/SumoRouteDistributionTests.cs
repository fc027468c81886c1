using System.Xml.Linq;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Sumo;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>
/// SUMO's &lt;routeDistribution&gt; on the 3×3 grid: named or a vehicle's own (duarouter's alternatives), members given
/// as children, by refId or by the routes attribute; each vehicle draws its route by the members' probabilities, and
/// SUMO, run on the same file, splits the traffic the same way.
/// </summary>
public sealed class SumoRouteDistributionTests : IDisposable
{
    private static readonly string Net = TrafficTestData.Data("Sumo", "grid3.net.xml");
    private static readonly Lazy<TrafficNetwork> Network = new(() => SumoNetworkReader.Read(Net));
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-routedist-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string xml)
    {
        var path = Path.Combine(_directory, "demand.rou.xml");
        File.WriteAllText(path, xml);
        return path;
    }

    /// <summary>Two routes out of A0A1 (north to A1A2, east to A1B1) and one out of A0B0, weighted 1 : 3 : 0.</summary>
    private const string ThreeWays = """
        <routeDistribution id="out">
            <route id="north" edges="A0A1 A1A2" probability="1"/>
            <route id="east" edges="A0A1 A1B1" probability="3"/>
            <route id="never" edges="A0B0 B0B1" probability="0"/>
        </routeDistribution>
        """;

    private static TrafficDemand Read(string path, int seed = 5) => SumoRoutesReader.Read(path, Network.Value, seed);

    private static string LastEdge(TrafficDemand demand, Trip trip) => Network.Value.Edges[trip.Route[^1]].Id;

    [Fact]
    public void Each_vehicle_of_a_flow_draws_its_route_in_proportion_to_the_members_probabilities()
    {
        var path = Write($"""
            <routes>{ThreeWays}
                <flow id="f" route="out" begin="0" end="4000" number="4000"/>
                <vehicle id="solo" route="north" depart="1"/>
            </routes>
            """);

        var demand = Read(path);

        var flow = demand.Trips.Where(t => t.Id.StartsWith("f.", StringComparison.Ordinal)).ToList();
        Assert.Equal(4000, flow.Count);
        var north = flow.Count(t => LastEdge(demand, t) == "A1A2");
        var east = flow.Count(t => LastEdge(demand, t) == "A1B1");
        Assert.Equal(4000, north + east); // weight 0 is never drawn
        Assert.InRange(north / 4000.0, 0.22, 0.28); // 1 : 3 within 3 %; binomial σ is 0.7 %
        // A member is a route of its own too.
        Assert.Equal(["A0A1", "A1A2"], demand.Trips.Single(t => t.Id == "solo").Route.Select(e => Network.Value.Edges[e].Id));
        // The same seed draws the same again; another draws otherwise.
        Assert.Equal(demand.Trips.Select(t => t.Route[^1]), Read(path).Trips.Select(t => t.Route[^1]));
        Assert.NotEqual(demand.Trips.Select(t => t.Route[^1]), Read(path, seed: 6).Trips.Select(t => t.Route[^1]));
    }

    [Fact]
    public void Members_named_by_the_routes_attribute_or_by_refId_take_the_given_probabilities_or_their_own()
    {
        var demand = Read(Write("""
            <routes>
                <route id="north" edges="A0A1 A1A2" probability="9"/>
                <route id="east" edges="A0A1 A1B1"/>
                <routeDistribution id="listed" routes="north east" probabilities="0 2"/>
                <routeDistribution id="own" routes="north east"/>
                <routeDistribution id="referred"><route refId="north" probability="0"/><route refId="east"/></routeDistribution>
                <flow id="a" route="listed" begin="0" end="200" number="200"/>
                <flow id="b" route="own" begin="0" end="2000" number="2000"/>
                <flow id="c" route="referred" begin="0" end="200" number="200"/>
            </routes>
            """));

        string[] Ends(string flow) => demand.Trips.Where(t => t.Id.StartsWith(flow + ".", StringComparison.Ordinal)).Select(t => LastEdge(demand, t)).ToArray();
        Assert.All(Ends("a"), end => Assert.Equal("A1B1", end)); // probabilities="0 2"
        Assert.InRange(Ends("b").Count(e => e == "A1A2") / 2000.0, 0.87, 0.93); // the routes' own 9 : 1 (σ 0.7 %)
        Assert.All(Ends("c"), end => Assert.Equal("A1B1", end)); // refId's probability 0 overrides the route's 9
    }

    [Fact]
    public void A_vehicle_s_own_distribution_as_duarouter_writes_alternatives_is_drawn_from()
    {
        var demand = Read(Write("""
            <routes>
                <vehicle id="v" depart="0">
                    <routeDistribution last="0">
                        <route cost="60.1" probability="0" edges="A0A1 A1A2"/>
                        <route cost="65.3" probability="1" edges="A0A1 A1B1 B1C1"/>
                    </routeDistribution>
                </vehicle>
                <flow id="f" begin="0" end="100" number="100">
                    <routeDistribution><route edges="A0A1 A1A2"/><route edges="A0A1 A1B1"/></routeDistribution>
                </flow>
            </routes>
            """));

        Assert.Equal(["A0A1", "A1B1", "B1C1"], demand.Trips.Single(t => t.Id == "v").Route.Select(e => Network.Value.Edges[e].Id));
        var ends = demand.Trips.Where(t => t.Id.StartsWith("f.", StringComparison.Ordinal)).Select(t => LastEdge(demand, t)).ToList();
        Assert.Contains("A1A2", ends);
        Assert.Contains("A1B1", ends);
    }

    [Theory]
    [InlineData("""<routeDistribution id="d"/><vehicle id="v" route="d" depart="0"/>""", "<routeDistribution id=\"d\">", "has no route")]
    [InlineData("""<routeDistribution id="d"><route id="r" edges="A0A1" probability="0"/></routeDistribution>""", "attribute 'probability'", "of every member is 0")]
    [InlineData("""<routeDistribution id="d" routes="nowhere"/>""", "attribute 'routes'", "names route 'nowhere', which is not defined before it")]
    [InlineData("""<route id="r" edges="A0A1"/><routeDistribution id="d" routes="r r" probabilities="1"/>""", "attribute 'probabilities'", "gives 1 weights for 2 routes")]
    [InlineData("""<routeDistribution id="d"><route refId="later"/></routeDistribution><route id="later" edges="A0A1"/>""", "attribute 'refId'", "names route 'later'")]
    [InlineData("""<route id="d" edges="A0A1"/><routeDistribution id="d" routes="d"/>""", "attribute 'id'", "is a duplicate route id")]
    [InlineData("""<routeDistribution id="d"><route id="r" edges="A0A1"/></routeDistribution><route id="r" edges="A0A1"/>""", "attribute 'id'", "is a duplicate route id")]
    [InlineData("""<routeDistribution id="d"><vType id="t"/></routeDistribution>""", "<vType id=\"t\">", "inside <routeDistribution> is not supported (route is)")]
    [InlineData("""<routeDistribution id="d"><route id="r" edges="A0A1" probability="-1"/></routeDistribution>""", "attribute 'probability'", "")]
    [InlineData("""<routeDistribution id="d"><route id="r" edges="A0A1 C2C1"/></routeDistribution><vehicle id="v" route="d" depart="0"/>""", "attribute 'route'", "'r' (line 1)")]
    [InlineData("""<vehicle id="v" depart="0"><routeDistribution><route edges="A0A1"/></routeDistribution><route edges="A0A1"/></vehicle>""", "<route>", "inside <vehicle> is not supported")]
    public void A_bad_distribution_is_refused_naming_the_element_or_attribute(string elements, string where, string problem)
    {
        var e = Assert.Throws<TrafficImportException>(() => Read(Write($"<routes>{elements}</routes>")));

        Assert.Contains("demand.rou.xml: line 1: ", e.Message);
        Assert.Contains(where, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_member_no_vehicle_can_drive_is_refused_even_if_it_is_never_drawn()
    {
        // "broken" has probability 0, so no vehicle ever draws it; the file is refused whatever the seed.
        var path = Write("""
            <routes>
                <routeDistribution id="d">
                    <route id="fine" edges="A0A1 A1A2"/>
                    <route id="broken" edges="A0A1 C2C1" probability="0"/>
                </routeDistribution>
                <flow id="f" route="d" begin="0" end="10" number="10"/>
            </routes>
            """);

        foreach (var seed in new[] { 1, 2, 3 })
        {
            var e = Assert.Throws<TrafficImportException>(() => Read(path, seed));
            Assert.Contains("line 6: <flow id=\"f\"> attribute 'route' 'broken' (line 4)", e.Message);
        }
    }

    [Fact]
    public void A_member_a_vehicle_class_may_not_drive_is_refused_naming_the_route()
    {
        var path = Write("""
            <routes>
                <vType id="tram" vClass="tram"/>
                <routeDistribution id="d"><route id="r" edges="A0A1 A1A2"/></routeDistribution>
                <vehicle id="v" type="tram" route="d" depart="0"/>
            </routes>
            """);
        var trams = Network.Value with { Lanes = [.. Network.Value.Lanes.Select(l => l with { Permissions = l.Id.StartsWith("A1A2_", StringComparison.Ordinal) ? VehicleClasses.Passenger : l.Permissions })] };

        var e = Assert.Throws<TrafficImportException>(() => SumoRoutesReader.Read(path, trams, 5));

        Assert.Contains("line 4: <vehicle id=\"v\"> attribute 'route' 'r' (line 3)", e.Message);
        Assert.Contains("tram", e.Message);
    }

    /// <summary>SUMO draws with its own generator, so the split is compared, not vehicle by vehicle: 4,000 vehicles, σ 0.7 % each.</summary>
    [Fact]
    public async Task Sumo_reading_the_same_file_splits_the_flow_the_same_way()
    {
        var sumo = SumoInstallation.Find();
        var path = Write($"""
            <routes>{ThreeWays}
                <flow id="f" route="out" begin="0" end="4000" number="4000"/>
            </routes>
            """);
        var ours = Read(path);
        var oursNorth = ours.Trips.Count(t => LastEdge(ours, t) == "A1A2") / (double)ours.Trips.Count;

        var run = await SumoRunner.RunAsync(sumo, Net, path, new SumoRunOptions(Seed: 3, OutputDirectory: _directory));

        var arrivals = XDocument.Load(run.TripInfoPath).Root!.Elements("tripinfo").Select(t => (string)t.Attribute("arrivalLane")!).ToList();
        Assert.Equal(4000, arrivals.Count);
        Assert.DoesNotContain(arrivals, lane => lane.StartsWith("B0B1", StringComparison.Ordinal));
        var sumoNorth = arrivals.Count(lane => lane.StartsWith("A1A2_", StringComparison.Ordinal)) / 4000.0;
        Assert.InRange(sumoNorth, 0.22, 0.28);
        Assert.InRange(oursNorth - sumoNorth, -0.03, 0.03); // two draws of one binomial: the difference has σ 1 %
    }
}
