using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Health;
using CityMesh.Messaging.Telemetry;

namespace CityMesh.Sensors.Tests;

/// <summary>
/// A crew's call cycle on the city clock: the test is the clock, moving the crews on in city seconds, so arrivals can
/// be held to distance by road over speed and stays to their stated range. The city is a grid of streets along
/// meridians and parallels 0.01° and 0.009° apart, the station at one corner, the scene at another and the hospital on
/// a street between, so the way by road is as long as the blocks it passes.
/// </summary>
public sealed class AmbulanceCrewsTests
{
    private const string Vehicle = "urn:ngsi-ld:Vehicle:jinan:amb-1";
    private const string Call = "urn:ngsi-ld:EmergencyCall:jinan:c1";
    private static readonly Position Station = new(117.000, 36.650);
    private static readonly Position Scene = new(117.010, 36.668);
    private static readonly Position Hospital = new(117.030, 36.660);
    private const double T0 = 1_790_000_000; // city time, Unix seconds

    private static readonly RoadLine[] City = Streets.Grid([117.000, 117.010, 117.020, 117.030], [36.650, 36.659, 36.668]);

    private static AmbulanceCrews Crews(int seed = 7) => new(seed, [new AmbulanceUnit(Vehicle, Station, Station)], new RoadGraph(City));

    /// <summary>Seconds to drive between two places of the grid's streets by road.</summary>
    private static double Seconds(Position from, Position to, double kmh) => Streets.Manhattan(from, to) / (kmh / 3.6);

    /// <summary>Steps the clock by <paramref name="step"/> until the crew's phase changes; the time it was first seen changed.</summary>
    private static double Until(AmbulanceCrews crews, CrewPhase next, ref double t, double step = 1)
    {
        for (var limit = t + 4 * 3600; t < limit; t += step)
        {
            crews.AdvanceTo(t);
            if (crews.PhaseOf(0) == next) return t;
        }
        throw new Xunit.Sdk.XunitException($"the crew never reached {next}");
    }

    [Fact]
    public void A_dispatched_crew_drives_to_the_scene_works_it_carries_the_patient_hands_over_and_goes_home_free()
    {
        var crews = Crews();
        crews.AdvanceTo(T0);
        Assert.True(crews.Order(Vehicle, Call, Scene, Hospital, T0));
        Assert.Equal(AmbulanceStatus.Dispatched, crews.StatusOf(0));

        // Driving: every second nearer the scene, arriving when the way by road at emergency speed is covered.
        var drive = crews.LegOf(0)!.Length / (AmbulanceCrews.EmergencyKmh / 3.6);
        Assert.Equal(Seconds(Station, Scene, AmbulanceCrews.EmergencyKmh), drive, 0.01 * drive);
        var t = T0;
        var before = GeoMath.HaversineMetres(crews.PositionOf(0), Scene);
        for (var s = 0; s < 60; s++)
        {
            crews.AdvanceTo(t += 1);
            var now = GeoMath.HaversineMetres(crews.PositionOf(0), Scene);
            Assert.True(now < before, $"second {s}: {now:0.0} m from the scene, {before:0.0} m a second before");
            before = now;
        }
        var atScene = Until(crews, CrewPhase.AtScene, ref t);
        Assert.InRange(atScene - T0, drive, drive + 1);
        Assert.True(GeoMath.HaversineMetres(crews.PositionOf(0), Scene) < 1);
        Assert.Equal(AmbulanceStatus.AtScene, crews.StatusOf(0));

        // On scene for 12 minutes ±30 %, then to the hospital at transport speed.
        var transporting = Until(crews, CrewPhase.ToHospital, ref t);
        Assert.InRange(transporting - atScene, 0.7 * AmbulanceCrews.SceneMinutes * 60 - 1, 1.3 * AmbulanceCrews.SceneMinutes * 60 + 1);
        Assert.Equal(AmbulanceStatus.Transporting, crews.StatusOf(0));
        var atHospital = Until(crews, CrewPhase.AtHospital, ref t);
        var transport = Seconds(Scene, Hospital, AmbulanceCrews.TransportKmh);
        Assert.InRange(atHospital - transporting, 0.99 * transport - 1, 1.01 * transport + 1);
        Assert.True(GeoMath.HaversineMetres(crews.PositionOf(0), Hospital) < 1);

        // Handed over, free again, driving home.
        var available = Until(crews, CrewPhase.Available, ref t);
        Assert.InRange(available - atHospital, 0.7 * AmbulanceCrews.HandoverMinutes * 60 - 1, 1.3 * AmbulanceCrews.HandoverMinutes * 60 + 1);
        Assert.Equal(AmbulanceStatus.Available, crews.StatusOf(0));
        Assert.True(crews.IsMoving(0));
        crews.AdvanceTo(t + 1.01 * Seconds(Hospital, Station, AmbulanceCrews.ReturnKmh) + 1);
        Assert.False(crews.IsMoving(0));
        Assert.True(GeoMath.HaversineMetres(crews.PositionOf(0), Station) < 1);
    }

    [Fact]
    public void A_crew_told_of_another_hospital_turns_from_where_it_is_and_arrives_there()
    {
        var other = new Position(117.000, 36.668);
        var crews = Crews();
        crews.AdvanceTo(T0);
        Assert.False(crews.Redirect(Vehicle, Call, other, T0)); // not on the call yet
        Assert.True(crews.Order(Vehicle, Call, Scene, Hospital, T0));
        var t = T0;
        Until(crews, CrewPhase.ToHospital, ref t);
        crews.AdvanceTo(t += 30);
        var turnedAt = crews.PositionOf(0);
        Assert.False(crews.Redirect(Vehicle, "urn:ngsi-ld:EmergencyCall:jinan:c2", other, t)); // another call's order
        Assert.False(crews.Redirect(Vehicle, Call, Hospital, t)); // the same hospital: nothing changes
        Assert.True(crews.Redirect(Vehicle, Call, other, t));
        // The new leg starts where the crew was and runs by road to the new hospital, at transport speed.
        Assert.True(GeoMath.HaversineMetres(crews.LegOf(0)!.Start, turnedAt) < 1);
        var (redirectedAt, drive) = (t, crews.LegOf(0)!.Length / (AmbulanceCrews.TransportKmh / 3.6));
        var atHospital = Until(crews, CrewPhase.AtHospital, ref t);
        Assert.InRange(atHospital - redirectedAt, drive - 1, drive + 1);
        Assert.True(GeoMath.HaversineMetres(crews.PositionOf(0), other) < 1);
    }

    [Fact]
    public void A_call_where_the_crew_stands_and_a_hospital_at_the_scene_are_reached_at_once()
    {
        var crews = Crews();
        crews.AdvanceTo(T0);
        Assert.True(crews.Order(Vehicle, Call, Station, Station, T0));
        crews.AdvanceTo(T0 + 1);
        Assert.Equal(CrewPhase.AtScene, crews.PhaseOf(0));
        // The scene's stay over, the crew is at the hospital the same instant: no drive between.
        var t = T0 + 1;
        var atHospital = Until(crews, CrewPhase.AtHospital, ref t);
        Assert.InRange(atHospital - T0, 0.7 * AmbulanceCrews.SceneMinutes * 60, 1.3 * AmbulanceCrews.SceneMinutes * 60 + 1);
        Until(crews, CrewPhase.Available, ref t);
        Assert.False(crews.IsMoving(0));
        Assert.Equal(0, crews.StraightLegs);
    }

    [Fact]
    public void The_cycle_does_not_depend_on_the_step_size()
    {
        var fine = Crews();
        var coarse = Crews();
        foreach (var c in new[] { fine, coarse })
        {
            c.AdvanceTo(T0);
            c.Order(Vehicle, Call, Scene, Hospital, T0);
        }
        // One step of 40 minutes runs through the drive, the scene and part of the transport at once.
        for (var t = T0; t <= T0 + 2400; t += 0.5) fine.AdvanceTo(t);
        coarse.AdvanceTo(T0 + 2400);
        Assert.Equal(fine.PhaseOf(0), coarse.PhaseOf(0));
        Assert.True(GeoMath.HaversineMetres(fine.PositionOf(0), coarse.PositionOf(0)) < 0.01);
    }

    [Fact]
    public void A_crew_on_a_call_or_back_from_it_takes_no_order_for_a_call_it_has_served()
    {
        var crews = Crews();
        crews.AdvanceTo(T0);
        Assert.True(crews.Order(Vehicle, Call, Scene, Hospital, T0));
        // Busy: a second order (the twin shows it still dispatched) changes nothing.
        Assert.False(crews.Order(Vehicle, "urn:ngsi-ld:EmergencyCall:jinan:c2", Hospital, Scene, T0 + 10));
        crews.AdvanceTo(T0 + 4 * 3600);
        Assert.Equal(CrewPhase.Available, crews.PhaseOf(0));
        // The twin keeps the last call on the vehicle until the next dispatch: that is no new order.
        Assert.False(crews.Order(Vehicle, Call, Scene, Hospital, T0 + 4 * 3600 + 1));
        Assert.True(crews.Order(Vehicle, "urn:ngsi-ld:EmergencyCall:jinan:c2", Hospital, Scene, T0 + 4 * 3600 + 2));
        Assert.False(crews.Order("urn:ngsi-ld:Vehicle:jinan:unknown", Call, Scene, Hospital, T0 + 4 * 3600 + 3));
    }

    [Fact]
    public void The_terminal_reports_position_each_round_and_status_as_the_crew_changes_it_never_dispatched()
    {
        var crews = Crews();
        List<string> Statuses(double t)
        {
            crews.AdvanceTo(t);
            var into = new List<GatewayReadings>();
            crews.Report(DateTimeOffset.FromUnixTimeMilliseconds((long)(t * 1000)), into);
            var sensor = Assert.Single(into);
            Assert.Equal(Vehicle, sensor.EntityId);
            var fix = Assert.Single(sensor.Readings, r => r.Attribute == "location");
            Assert.Equal(Reading.ValueOneofCase.Point, fix.ValueCase);
            Assert.Equal(crews.PositionOf(0).Latitude, fix.Point.Latitude);
            return [.. sensor.Readings.Where(r => r.Attribute == "emergencyStatus").Select(r => r.Text)];
        }
        Assert.Empty(Statuses(T0));
        crews.Order(Vehicle, Call, Scene, Hospital, T0);
        var seen = new List<string>();
        for (var t = T0 + 1; t < T0 + 4 * 3600; t += 5) seen.AddRange(Statuses(t));
        Assert.DoesNotContain(AmbulanceStatus.Dispatched, seen);
        // Repeated while on the call; available said once, when the crew cleared.
        Assert.Equal([AmbulanceStatus.AtScene, AmbulanceStatus.Transporting, AmbulanceStatus.AtHospital, AmbulanceStatus.Available], seen.Distinct());
        Assert.Single(seen, s => s == AmbulanceStatus.Available);
        Assert.True(seen.Count(s => s == AmbulanceStatus.AtScene) > 10);
    }

    [Fact]
    public void A_round_long_enough_for_a_whole_call_reports_every_change_at_the_moment_it_happened()
    {
        // One report after four hours: the terminal sends each status it passed through, each observed when it changed.
        var crews = Crews();
        crews.AdvanceTo(T0);
        crews.Order(Vehicle, Call, Scene, Hospital, T0);
        // The same crew and call stepped one second at a time tells when each change happened.
        var times = new List<(CrewPhase Phase, double At)>();
        var stepped = Crews();
        stepped.AdvanceTo(T0);
        stepped.Order(Vehicle, Call, Scene, Hospital, T0);
        double tt = T0;
        foreach (var next in new[] { CrewPhase.AtScene, CrewPhase.ToHospital, CrewPhase.AtHospital, CrewPhase.Available })
            times.Add((next, Until(stepped, next, ref tt)));

        crews.AdvanceTo(T0 + 4 * 3600);
        var into = new List<GatewayReadings>();
        crews.Report(DateTimeOffset.FromUnixTimeSeconds((long)(T0 + 4 * 3600)), into);
        var statuses = Assert.Single(into).Readings.Where(r => r.Attribute == "emergencyStatus").ToList();
        Assert.Equal([AmbulanceStatus.AtScene, AmbulanceStatus.Transporting, AmbulanceStatus.AtHospital, AmbulanceStatus.Available], statuses.Select(r => r.Text));
        // Within the one-second steps the reference crew was advanced by.
        for (int k = 0; k < statuses.Count; k++)
            Assert.InRange(statuses[k].ObservedAt.ToDateTimeOffset().ToUnixTimeMilliseconds() / 1000.0, times[k].At - 1.001, times[k].At + 0.001);
    }

    [Fact]
    public void The_same_seed_plays_the_same_stays_and_another_seed_others()
    {
        double SceneStay(int seed)
        {
            var crews = Crews(seed);
            crews.AdvanceTo(T0);
            crews.Order(Vehicle, Call, Scene, Hospital, T0);
            var t = T0;
            var arrived = Until(crews, CrewPhase.AtScene, ref t, 0.25);
            return Until(crews, CrewPhase.ToHospital, ref t, 0.25) - arrived;
        }
        Assert.Equal(SceneStay(7), SceneStay(7));
        Assert.NotEqual(SceneStay(7), SceneStay(8));
    }
}
