using CityMesh.Contracts.Geo;
using static CityMesh.Sensors.Tests.Streets;

namespace CityMesh.Sensors.Tests;

/// <summary>
/// Crews on a small grid written by hand: two blocks by two, 600 m a side, the station at the south-west corner, the
/// scene on the north-east street, the hospital on the middle street. Every round the test checks the crew against the
/// streets themselves, segment by segment, not against the graph it drives.
/// </summary>
public sealed class AmbulanceCrewsOnRoadsTests
{
    private const string Vehicle = "urn:ngsi-ld:Vehicle:test:amb-1";
    private const string Call = "urn:ngsi-ld:EmergencyCall:test:c1";
    private const double T0 = 1_790_000_000;
    private static readonly RoadLine[] Blocks = Grid([At(0, 0).Longitude, At(600, 0).Longitude, At(1200, 0).Longitude], [At(0, 0).Latitude, At(0, 600).Latitude, At(0, 1200).Latitude]);
    private static readonly Position Station = At(0, 0), Scene = At(1200, 900), Hospital = At(300, 600);

    [Fact]
    public void A_crew_keeps_to_the_streets_every_round_and_arrives_when_the_way_by_road_at_its_speed_is_driven()
    {
        var graph = new RoadGraph(Blocks);
        var crews = new AmbulanceCrews(7, [new AmbulanceUnit(Vehicle, Station, Station)], graph);
        crews.AdvanceTo(T0);
        Assert.True(crews.Order(Vehicle, Call, Scene, Hospital, T0));

        // The phase changes and when they fell, one round a second through the whole call and home.
        var changes = new List<(CrewPhase Phase, double At)> { (CrewPhase.ToScene, T0) };
        var rounds = 0;
        for (var t = T0 + 1; t <= T0 + 3 * 3600; t++, rounds++)
        {
            crews.AdvanceTo(t);
            var at = crews.PositionOf(0);
            Assert.True(MetresToRoads(Blocks, at) < 1, $"second {t - T0}: {MetresToRoads(Blocks, at):0.00} m off the streets");
            if (crews.PhaseOf(0) != changes[^1].Phase) changes.Add((crews.PhaseOf(0), t));
        }
        Assert.False(crews.IsMoving(0));
        Assert.True(GeoMath.HaversineMetres(crews.PositionOf(0), Station) < 1);

        // Each drive lasts the way by road over the speed (to within a round): 2100 m to the scene, 1200 m to the
        // hospital; the stays fall between.
        Assert.Equal([CrewPhase.ToScene, CrewPhase.AtScene, CrewPhase.ToHospital, CrewPhase.AtHospital, CrewPhase.Available], changes.Select(c => c.Phase));
        void Drive(int leg, double metres, double kmh)
        {
            var seconds = metres / (kmh / 3.6);
            Assert.InRange(changes[leg + 1].At - changes[leg].At, 0.99 * seconds, 1.01 * seconds + 1);
        }
        Drive(0, Manhattan(Station, Scene), AmbulanceCrews.EmergencyKmh);
        Assert.Equal(2100, Manhattan(Station, Scene), 1.0);
        Drive(2, Manhattan(Scene, Hospital), AmbulanceCrews.TransportKmh);
        Assert.Equal(1200, Manhattan(Scene, Hospital), 1.0);
        Assert.Equal(0, crews.StraightLegs);

        // Three legs planned, one search each, over more than ten thousand rounds.
        Assert.True(rounds > 10_000);
        Assert.Equal(3, graph.Routes);
    }

    [Fact]
    public void A_call_the_roads_do_not_reach_is_driven_in_a_straight_line_and_counted()
    {
        // The scene lies on a street 2 km east of the blocks that meets none of them.
        var island = Road(At(3200, 0), At(3200, 600));
        var scene = At(3200, 300);
        var crews = new AmbulanceCrews(7, [new AmbulanceUnit(Vehicle, Station, Station)], new RoadGraph([.. Blocks, island]));
        crews.AdvanceTo(T0);
        crews.Order(Vehicle, Call, scene, Hospital, T0);

        var leg = crews.LegOf(0)!;
        Assert.False(leg.OnRoads);
        Assert.Equal(GeoMath.HaversineMetres(Station, scene), leg.Length, 1e-6);
        Assert.Equal(1, crews.StraightLegs);
        var drive = leg.Length / (AmbulanceCrews.EmergencyKmh / 3.6);
        crews.AdvanceTo(T0 + drive / 2);
        Assert.True(GeoMath.PointToSegmentMetres(crews.PositionOf(0), Station, scene) < 0.1, "half-way along the straight line");
        crews.AdvanceTo(T0 + drive + 0.001);
        Assert.Equal(CrewPhase.AtScene, crews.PhaseOf(0));

        // Back from the island to the hospital: no way by road either, counted again; home from the hospital by road.
        var t = T0 + drive + 0.001;
        while (crews.PhaseOf(0) != CrewPhase.ToHospital) crews.AdvanceTo(t += 10);
        Assert.False(crews.LegOf(0)!.OnRoads);
        Assert.Equal(2, crews.StraightLegs);
        while (crews.PhaseOf(0) != CrewPhase.Available) crews.AdvanceTo(t += 10);
        Assert.True(crews.LegOf(0)!.OnRoads);
        crews.AdvanceTo(t + 3600);
        Assert.False(crews.IsMoving(0));
        Assert.Equal(2, crews.StraightLegs);
    }

    [Fact]
    public void Without_roads_a_crew_drives_straight_lines()
    {
        var crews = new AmbulanceCrews(7, [new AmbulanceUnit(Vehicle, Station, Station)]);
        crews.AdvanceTo(T0);
        crews.Order(Vehicle, Call, Scene, Hospital, T0);
        Assert.Equal(GeoMath.HaversineMetres(Station, Scene), crews.LegOf(0)!.Length, 1e-6);
        Assert.Equal(1, crews.StraightLegs);
    }

    [Fact]
    public void A_crew_heard_away_from_its_station_drives_home_by_road()
    {
        var graph = new RoadGraph(Blocks);
        var crews = new AmbulanceCrews(7, [new AmbulanceUnit(Vehicle, Scene, Station)], graph);
        Assert.True(crews.IsMoving(0));
        Assert.Equal(CrewPhase.Available, crews.PhaseOf(0));
        Assert.Equal(Manhattan(Scene, Station), crews.LegOf(0)!.Length, 1.0);
        Assert.All(Along(crews.LegOf(0)!, 10), p => Assert.True(MetresToRoads(Blocks, p) < 1));
    }
}
