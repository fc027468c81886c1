using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>
/// Lane permissions by vehicle class on Data/Sumo/grid3.net.xml made into a city with buses: A0A1's kerb lane is a bus
/// lane and B1B2 a bus-only street. Routes, departure lanes and lane changes keep every vehicle on lanes its class may
/// use; what no lane allows is refused naming the vehicle and the class.
/// </summary>
public sealed class SumoVehicleClassTests : IDisposable
{
    private const string Types = """
        <vType id="car"/>
        <vType id="bus" vClass="bus" length="12"/>
        <vType id="taxi" vClass="ignoring"/>
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-vclass-").FullName;
    private readonly string _network;

    public SumoVehicleClassTests()
    {
        var text = File.ReadAllText(TrafficTestData.Data("Sumo", "grid3.net.xml"))
            .Replace("<lane id=\"A0A1_0\" ", "<lane id=\"A0A1_0\" allow=\"bus\" ", StringComparison.Ordinal)
            .Replace("<lane id=\"B1B2_0\" ", "<lane id=\"B1B2_0\" allow=\"bus coach\" ", StringComparison.Ordinal)
            .Replace("<lane id=\"B1B2_1\" ", "<lane id=\"B1B2_1\" allow=\"bus coach\" ", StringComparison.Ordinal)
            .Replace("<lane id=\"C1C2_1\" ", "<lane id=\"C1C2_1\" disallow=\"truck pedestrian\" ", StringComparison.Ordinal);
        _network = Path.Combine(_directory, "buses.net.xml");
        File.WriteAllText(_network, text);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private TrafficNetwork Network() => SumoNetworkReader.Read(_network);

    private TrafficDemand Demand(string body)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.rou.xml");
        File.WriteAllText(path, $"<routes>{Types}{body}</routes>");
        return SumoRoutesReader.Read(path, Network(), seed: 3);
    }

    private TrafficImportException Refusal(string body) => Assert.Throws<TrafficImportException>(() => Demand(body));

    private static Lane Lane(TrafficNetwork network, string id) => network.Lanes.Single(l => l.Id == id);

    [Fact]
    public void Lanes_keep_the_classes_they_allow_and_vTypes_their_class()
    {
        var network = Network();
        uint bus = VehicleClasses.Bit("bus")!.Value, coach = VehicleClasses.Bit("coach")!.Value;
        Assert.Equal(bus, Lane(network, "A0A1_0").Permissions);
        Assert.Equal(bus | coach, Lane(network, "B1B2_1").Permissions);
        Assert.Equal(VehicleClasses.All & ~(VehicleClasses.Bit("truck")!.Value | VehicleClasses.Bit("pedestrian")!.Value), Lane(network, "C1C2_1").Permissions);
        Assert.Equal(VehicleClasses.All, Lane(network, "A0A1_1").Permissions);
        Assert.False(Lane(network, "A0A1_0").Allows(VehicleClasses.Passenger));
        Assert.True(Lane(network, "A0A1_0").Allows(VehicleClasses.Ignoring));

        var demand = Demand("""<vehicle id="v" type="bus" depart="0"><route edges="A0A1 A1A2"/></vehicle>""");
        Assert.Equal([VehicleClasses.Passenger, bus, VehicleClasses.Ignoring], demand.Types.Select(t => t.Class));
        // A renamed class still reads, as SUMO reads it.
        Assert.Equal(bus, VehicleClasses.Bit("public_transport"));
    }

    [Fact]
    public void A_car_route_through_a_bus_only_street_is_refused_naming_the_class_but_a_bus_and_an_ignoring_vehicle_take_it()
    {
        var refused = Refusal("""<vehicle id="v" type="car" depart="0"><route edges="B0B1 B1B2 B2A2"/></vehicle>""");
        Assert.Contains("'B0B1' to edge 'B1B2'", refused.Message);
        Assert.Contains("vClass passenger", refused.Message);
        Assert.Contains("of vehicle 'v'", refused.Message);

        var demand = Demand("""
            <route id="r" edges="B0B1 B1B2 B2A2"/>
            <vehicle id="b" type="bus" route="r" depart="0"/>
            <vehicle id="t" type="taxi" route="r" depart="0"/>
            """);
        Assert.Equal(2, demand.Trips.Count);
        Assert.Contains("of vehicle 'c' starts on edge 'B1B2'", Refusal("""<vehicle id="c" type="car" depart="0"><route edges="B1B2 B2A2"/></vehicle>""").Message);
    }

    [Fact]
    public void A_trip_is_routed_round_a_bus_only_street_for_a_car_and_through_it_for_a_bus()
    {
        var network = Network();
        var demand = Demand("""
            <trip id="car" type="car" depart="0" from="B0B1" to="B2A2"/>
            <trip id="bus" type="bus" depart="0" from="B0B1" to="B2A2"/>
            """);
        string[] Route(string id) => [.. demand.Trips.Single(t => t.Id == id).Route.Select(e => network.Edges[e].Id)];
        Assert.Equal(["B0B1", "B1B2", "B2A2"], Route("bus"));
        Assert.DoesNotContain("B1B2", Route("car"));
        Assert.Equal(("B0B1", "B2A2"), (Route("car")[0], Route("car")[^1]));
        // A trip that starts in the street cannot be one for a car at all.
        Assert.Contains("starts on edge 'B1B2', which has no lane vClass passenger may use",
            Refusal("""<trip id="x" type="car" depart="0" from="B1B2" to="B2A2"/>""").Message);
    }

    [Fact]
    public void A_departure_lane_the_class_may_not_use_is_refused_naming_departLane()
    {
        var refused = Refusal("""<vehicle id="v" type="car" depart="0" departLane="0"><route edges="A0A1 A1A2"/></vehicle>""");
        Assert.Contains("departLane", refused.Message);
        Assert.Contains("vClass passenger may not use", refused.Message);
        Assert.Single(Demand("""<vehicle id="v" type="bus" depart="0" departLane="0"><route edges="A0A1 A1A2"/></vehicle>""").Trips);
    }

    [Theory]
    [InlineData("""allow="bus hovercraft" """, "'allow'", "hovercraft")]
    [InlineData("""allow="bus" disallow="truck" """, "'disallow'", "with allow")]
    public void An_unknown_class_or_both_lists_on_a_lane_are_refused_naming_the_attribute(string attributes, string attribute, string detail)
    {
        var path = Path.Combine(_directory, "bad.net.xml");
        File.WriteAllText(path, File.ReadAllText(TrafficTestData.Data("Sumo", "grid3.net.xml"))
            .Replace("<lane id=\"A0A1_0\" ", $"<lane id=\"A0A1_0\" {attributes}", StringComparison.Ordinal));
        var refused = Assert.Throws<TrafficImportException>(() => SumoNetworkReader.Read(path));
        Assert.Contains(attribute, refused.Message);
        Assert.Contains(detail, refused.Message);
        Assert.Contains("<lane", refused.Message);
    }

    [Fact]
    public void An_unknown_vClass_is_refused_naming_it()
    {
        var path = Path.Combine(_directory, "bad.rou.xml");
        File.WriteAllText(path, """<routes><vType id="x" vClass="spaceship"/></routes>""");
        var refused = Assert.Throws<TrafficImportException>(() => SumoRoutesReader.Read(path, Network()));
        Assert.Contains("'vClass'", refused.Message);
        Assert.Contains("spaceship", refused.Message);
    }

    [Fact]
    public void Cars_never_drive_in_the_bus_lane_while_buses_and_ignoring_vehicles_may()
    {
        var network = Network();
        // Both of A0A1's lanes go straight on to A1A2, lane for lane; cars may only use lane 1. The right turn onto
        // A1B1 leaves from the kerb lane alone, so for a car it is no route at all.
        Assert.Contains("vClass passenger", Refusal("""<vehicle id="r" type="car" depart="0"><route edges="A0A1 A1B1"/></vehicle>""").Message);
        var demand = Demand("""
            <flow id="cars" type="car" begin="0" end="300" period="3" departLane="free"><route edges="A0A1 A1A2"/></flow>
            <flow id="buses" type="bus" begin="0" end="300" period="60" departLane="0"><route edges="A0A1 A1A2"/></flow>
            <flow id="taxis" type="taxi" begin="2" end="300" period="30" departLane="0"><route edges="A0A1 A1A2"/></flow>
            """);
        var results = new TrafficSimulation(network, demand, new TrafficSimulationOptions { Seed = 3 }).Run();

        Assert.Equal(demand.Trips.Count, results.Summary.Arrived);
        var others = demand.Trips.Count(t => demand.Types[t.Type].Class != VehicleClasses.Passenger);
        var cars = demand.Trips.Count - others;
        Assert.True(cars > 90 && others > 10, $"{cars} cars, {others} buses and taxis");
        Assert.Equal(others, results.Lanes.Single(l => l.Id == "A0A1_0").Entered);
        // A car that had changed into the bus lane would have crossed from it onto A1A2's kerb lane.
        Assert.Equal(others, results.Lanes.Single(l => l.Id == "A1A2_0").Entered);
        Assert.Equal(cars, results.Lanes.Single(l => l.Id == "A1A2_1").Entered);
    }
}
