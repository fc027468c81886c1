using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>
/// departPos, arrivalPos and departLane as SUMO reads them, on Data/Sumo/grid3.net.xml (A0A1 and A1A2 are 183.2 m):
/// where a vehicle enters and leaves its route, and which lane it starts on, simulated as given.
/// </summary>
public sealed class SumoDeparturePositionTests : IDisposable
{
    private const double EdgeLength = 183.2;

    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-departpos-").FullName;
    private readonly TrafficNetwork _network = SumoNetworkReader.Read(TrafficTestData.Data("Sumo", "grid3.net.xml"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private TrafficDemand Demand(string body)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.rou.xml");
        File.WriteAllText(path, $"<routes>{body}</routes>");
        return SumoRoutesReader.Read(path, _network, seed: 5);
    }

    private Trip Trip(string attributes) =>
        Demand($"""<vehicle id="v" depart="0" {attributes}><route edges="A0A1 A1A2"/></vehicle>""").Trips.Single();

    [Fact]
    public void Positions_are_read_in_metres_from_the_start_or_back_from_the_end()
    {
        Assert.Equal(((double?)null, (double?)null), (Trip("").DepartPos, Trip("").ArrivalPos));
        Assert.Equal(((double?)null, (double?)null), (Trip("""departPos="base" arrivalPos="max" """).DepartPos, Trip("""departPos="base" arrivalPos="max" """).ArrivalPos));
        var given = Trip("""departPos="50" arrivalPos="-1" """);
        Assert.Equal(50, given.DepartPos);
        Assert.Equal(EdgeLength - 1, given.ArrivalPos!.Value, 6);
        Assert.Equal(EdgeLength - 20, Trip("""departPos="-20" """).DepartPos!.Value, 6);
        Assert.Equal(global::CityMesh.Simulation.Traffic.Model.Trip.BehindLast, Trip("""departPos="last" """).DepartPos);
        var random = Demand("""<flow id="f" begin="0" end="100" number="50" departPos="random" arrivalPos="random"><route edges="A0A1 A1A2"/></flow>""").Trips;
        Assert.All(random, t => Assert.InRange(t.DepartPos!.Value, 0, EdgeLength));
        Assert.True(random.Select(t => t.DepartPos).Distinct().Count() > 40, "each vehicle draws its own position");
    }

    [Theory]
    [InlineData("""departPos="free" """, "departPos", "'free' is not supported")]
    [InlineData("""departPos="stop" """, "departPos", "'stop' is not supported")]
    [InlineData("""arrivalPos="last" """, "arrivalPos", "'last' is not supported")]
    [InlineData("""departPos="500" """, "departPos", "off edge 'A0A1'")]
    [InlineData("""arrivalPos="-200" """, "arrivalPos", "off edge 'A1A2'")]
    public void A_position_SUMO_would_not_take_or_that_lies_off_the_edge_is_refused_naming_it(string attributes, string attribute, string detail)
    {
        var refused = Assert.Throws<TrafficImportException>(() => Trip(attributes));
        Assert.Contains($"'{attribute}'", refused.Message);
        Assert.Contains(detail, refused.Message);
    }

    [Fact]
    public void DepartLane_keywords_pick_their_rule_and_absent_is_SUMOs_first()
    {
        Assert.Equal(((int?)null, DepartLaneChoice.First), (Trip("").DepartLane, Trip("").LaneChoice));
        Assert.Equal(DepartLaneChoice.Best, Trip("""departLane="best" """).LaneChoice);
        Assert.Equal(DepartLaneChoice.Free, Trip("""departLane="free" """).LaneChoice);
        Assert.Equal(DepartLaneChoice.Free, Trip("""departLane="allowed" """).LaneChoice);
        var random = Demand("""<flow id="f" begin="0" end="100" number="40" departLane="random"><route edges="A0A1 A1A2"/></flow>""").Trips;
        Assert.Equal([0, 1], random.Select(t => t.DepartLane!.Value).Distinct().Order());
    }

    [Fact]
    public void A_vehicle_that_enters_further_along_or_leaves_before_the_end_takes_that_much_less_time()
    {
        // Three cars, far enough apart not to meet, on the same two edges at the speed limit (13.89 m/s).
        var demand = Demand("""
            <vType id="steady" sigma="0" speedDev="0" maxSpeed="13.89"/>
            <vehicle id="whole" type="steady" depart="0" departSpeed="max"><route edges="A0A1 A1A2"/></vehicle>
            <vehicle id="later" type="steady" depart="100" departSpeed="max" departPos="105"><route edges="A0A1 A1A2"/></vehicle>
            <vehicle id="earlier" type="steady" depart="200" departSpeed="max" arrivalPos="83.2"><route edges="A0A1 A1A2"/></vehicle>
            """);
        var results = new TrafficSimulation(_network, demand, new TrafficSimulationOptions { Seed = 5 }).Run();
        double Duration(string id) => results.Trips.Single(t => t.Id == id).Duration;

        Assert.Equal(3, results.Summary.Arrived);
        // 100 m less from departPos 105 against base (5 m) and from arrivalPos 100 m short of the end: 7.2 s at 13.89 m/s,
        // within a step (1 s) for where each crosses the line.
        Assert.InRange(Duration("whole") - Duration("later"), 6, 9);
        Assert.InRange(Duration("whole") - Duration("earlier"), 6, 9);
    }

    [Fact]
    public void A_vehicle_without_a_departLane_starts_on_the_rightmost_lane_its_class_may_use()
    {
        var demand = Demand("""<flow id="f" begin="0" end="60" period="10"><route edges="A0A1 A1A2"/></flow>""");
        var results = new TrafficSimulation(_network, demand, new TrafficSimulationOptions { Seed = 5 }).Run();
        Assert.Equal(6, results.Lanes.Single(l => l.Id == "A0A1_0").Entered);
        Assert.Equal(0, results.Lanes.Single(l => l.Id == "A0A1_1").Entered);
    }
}
