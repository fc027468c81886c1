using CityMesh.Limits;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Inp;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>
/// The EPANET reader on EPANET's own example networks (shared/data/water, US units) and on small inline files:
/// every value converted to SI, and every refusal naming its section, line and field.
/// </summary>
public sealed class InpReaderTests
{
    private const double Ft = 0.3048, In = 0.0254;
    // A file's flows as EPANET reads them: its units per cfs (448.831 gpm, 28.317 L/s), on from the exact cubic foot.
    private const double Gpm = 0.3048 * 0.3048 * 0.3048 / 448.831;
    private const double Lps = 0.3048 * 0.3048 * 0.3048 / 28.317;
    private const double Kpa = 1 / 9.80665; // m of water per kPa
    private const double Psi = Ft / 0.4333;  // m of water per psi (EPANET's 0.4333 psi/ft)

    private static string Shared(string file) => WaterFiles.Shared(file);

    private static WaterNetwork Parse(string text, string name = "test.inp") => InpReader.Read(new StringReader(text), name);

    private static InpFormatException Refused(string text, string name = "test.inp") =>
        Assert.Throws<InpFormatException>(() => Parse(text, name));

    private static void Near(double expected, double actual, double relative = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    // --- EPANET's example networks ---------------------------------------------------------------------------------

    [Fact]
    public void Net1_has_its_counts_title_and_options()
    {
        var net = InpReader.Read(Shared("Net1.inp"));
        Assert.Equal((9, 1, 1), (net.Junctions.Count, net.Reservoirs.Count, net.Tanks.Count));
        Assert.Equal((12, 1, 0), (net.Pipes.Count, net.Pumps.Count, net.Valves.Count));
        Assert.Equal(2, net.Controls.Count);
        Assert.Equal((11, 13), (net.NodeCount, net.LinkCount));
        Assert.StartsWith("EPANET Example Network 1\nA simple example of modeling chlorine decay.", net.Title);
        Assert.EndsWith("wall reactions are included.", net.Title);

        var o = net.Options;
        Assert.Equal(FlowUnits.Gpm, o.Units);
        Assert.Equal(HeadLossFormula.HazenWilliams, o.HeadLoss);
        Assert.Equal((40, 0.001, 2, 10, 10), (o.MaxTrials, o.Accuracy, o.CheckFrequency, o.MaxCheck, o.ContinueTrials));
        Assert.Equal("1", o.DefaultPattern);
        Assert.Equal((1.0, 0.5, 1.0), (o.DemandMultiplier, o.EmitterExponent, o.SpecificGravity));
        Near(WaterUnits.WaterViscosity, o.Viscosity);
        Assert.Equal(DemandModel.DemandDriven, o.DemandModel);
    }

    [Fact]
    public void Net1_values_are_converted_from_US_units_to_SI()
    {
        var net = InpReader.Read(Shared("Net1.inp"));

        var pipe10 = Assert.Single(net.Pipes, p => p.Id == "10");
        Assert.Equal(("10", "11"), (pipe10.From, pipe10.To));
        Near(3209.544, pipe10.Length);              // 10530 ft
        Near(0.4572, pipe10.Diameter);              // 18 in
        Assert.Equal(100, pipe10.Roughness);        // Hazen–Williams C is unitless
        Assert.Equal((0.0, LinkStatus.Open, false), (pipe10.MinorLoss, pipe10.Status, pipe10.CheckValve));
        Near(200 * Ft, Assert.Single(net.Pipes, p => p.Id == "110").Length);
        Near(6 * In, Assert.Single(net.Pipes, p => p.Id == "122").Diameter);

        var j11 = Assert.Single(net.Junctions, j => j.Id == "11");
        Near(710 * Ft, j11.Elevation);
        var demand = Assert.Single(j11.Demands);
        Near(150 * Gpm, demand.Base);               // 150 gpm = 9.4635e-3 m³/s (9.46353e-3 by the exact gallon)
        Near(9.46352946e-3, demand.Base, 1e-6);
        Assert.Null(demand.Pattern);                // the default pattern
        Assert.Equal(0, j11.EmitterCoefficient);

        var reservoir = Assert.Single(net.Reservoirs);
        Assert.Equal("9", reservoir.Id);
        Near(243.84, reservoir.Head);               // 800 ft
        Assert.Null(reservoir.Pattern);

        var tank = Assert.Single(net.Tanks);
        Assert.Equal("2", tank.Id);
        Near(259.08, tank.Elevation);               // 850 ft
        Near(120 * Ft, tank.InitialLevel);
        Near(100 * Ft, tank.MinLevel);
        Near(150 * Ft, tank.MaxLevel);
        Near(50.5 * Ft, tank.Diameter);             // a tank's diameter is in ft, not in
        Assert.Null(tank.VolumeCurve);
        Assert.False(tank.CanOverflow);

        var pump = Assert.Single(net.Pumps);
        Assert.Equal(("9", "9", "10"), (pump.Id, pump.From, pump.To));
        var curve = Assert.IsType<WaterCurve>(pump.HeadCurve);
        Assert.Equal("1", curve.Id);
        Near(1500 * Gpm, Assert.Single(curve.X));   // one point, kept as it is
        Near(76.2, Assert.Single(curve.Y));         // 250 ft
        Assert.Equal((0.0, 1.0, LinkStatus.Open), (pump.Power, pump.Speed, pump.Status));
    }

    [Fact]
    public void Net1_controls_hold_the_tank_level_as_a_head()
    {
        var net = InpReader.Read(Shared("Net1.inp"));
        var open = net.Controls[0];
        Assert.Equal(("9", LinkStatus.Open, (double?)null, ControlTrigger.HeadBelow, "2"), (open.Link, open.Status, open.Setting, open.Trigger, open.Node));
        Near((850 + 110) * Ft, open.Head);          // tank bottom 850 ft + level 110 ft = 292.608 m
        Near(292.608, open.Head);
        var close = net.Controls[1];
        Assert.Equal((LinkStatus.Closed, ControlTrigger.HeadAbove), (close.Status, close.Trigger));
        Near((850 + 140) * Ft, close.Head);
    }

    [Fact]
    public void Net1_pattern_times_and_coordinates()
    {
        var net = InpReader.Read(Shared("Net1.inp"));
        var pattern = Assert.Single(net.Patterns).Value;
        Assert.Equal("1", pattern.Id);
        Assert.Equal([1.0, 1.2, 1.4, 1.6, 1.4, 1.2, 1.0, 0.8, 0.6, 0.4, 0.6, 0.8], pattern.Multipliers);

        var t = net.Times;
        Assert.Equal(24 * 3600, t.Duration);
        Assert.Equal(3600, t.HydraulicStep);
        Assert.Equal(2 * 3600, t.PatternStep);
        Assert.Equal((0L, 3600L, 0L, 0L), (t.PatternStart, t.ReportStep, t.ReportStart, t.StartClockTime)); // 12 am

        Assert.Equal(11, net.Coordinates.Count);
        Assert.Equal((10.0, 70.0), net.Coordinates["9"]);
        Assert.Equal((50.0, 90.0), net.Coordinates["2"]);
        Assert.Empty(net.Vertices);
    }

    [Fact]
    public void Net3_has_its_counts_pump_curves_status_and_controls()
    {
        var net = InpReader.Read(Shared("Net3.inp"));
        Assert.Equal((92, 2, 3), (net.Junctions.Count, net.Reservoirs.Count, net.Tanks.Count));
        Assert.Equal((117, 2, 0), (net.Pipes.Count, net.Pumps.Count, net.Valves.Count));
        Assert.Equal(6, net.Controls.Count);
        Assert.Equal(["River", "Lake"], net.Reservoirs.Select(r => r.Id));
        Near(220 * Ft, net.Reservoirs[0].Head);

        var lake = Assert.Single(net.Pumps, p => p.Id == "10");
        Assert.Equal(("Lake", "10"), (lake.From, lake.To));
        Assert.Equal(LinkStatus.Closed, lake.Status);        // [STATUS] 10 Closed
        var c1 = Assert.IsType<WaterCurve>(lake.HeadCurve);
        Assert.Equal(3, c1.X.Count);                         // three points, kept for the solver's power fit
        foreach (var (x, y, k) in new[] { (0.0, 104.0, 0), (2000.0, 92.0, 1), (4000.0, 63.0, 2) })
        {
            Near(x * Gpm, c1.X[k]);
            Near(y * Ft, c1.Y[k]);
        }
        var river = Assert.Single(net.Pumps, p => p.Id == "335");
        Assert.Equal(LinkStatus.Open, river.Status);
        var c2 = Assert.IsType<WaterCurve>(river.HeadCurve);
        Assert.Equal("2", c2.Id);
        Near(14000 * Gpm, c2.X[2]);
        Near(200 * Ft, c2.Y[0]);
        Near(86 * Ft, c2.Y[2]);

        // Pipe 330 is closed in [PIPES] (the bypass the controls open when pump 335 stops).
        Assert.Equal(LinkStatus.Closed, Assert.Single(net.Pipes, p => p.Id == "330").Status);

        var at = net.Controls[0];
        Assert.Equal(("10", LinkStatus.Open, ControlTrigger.AtTime, 3600L), (at.Link, at.Status, at.Trigger, at.Time));
        Assert.Equal(15 * 3600L, net.Controls[1].Time);
        var level = net.Controls[2];
        Assert.Equal(("335", LinkStatus.Open, ControlTrigger.HeadBelow, "1"), (level.Link, level.Status, level.Trigger, level.Node));
        Near((131.9 + 17.1) * Ft, level.Head);
        var bypass = net.Controls[5];
        Assert.Equal(("330", LinkStatus.Open, ControlTrigger.HeadAbove), (bypass.Link, bypass.Status, bypass.Trigger));
        Near((131.9 + 19.1) * Ft, bypass.Head);

        var j15 = Assert.Single(net.Junctions, j => j.Id == "15");
        Assert.Equal("3", Assert.Single(j15.Demands).Pattern);
        Near(1 * Gpm, j15.Demands[0].Base);
        Assert.Equal(5, net.Patterns.Count);
        Assert.Equal(24, net.Patterns["1"].Multipliers.Count);
        Assert.Equal(1219, net.Patterns["2"].Multipliers[5]);
        Assert.Equal(3600, net.Times.PatternStep);
        Near(164 * Ft, Assert.Single(net.Tanks, t => t.Id == "3").Diameter);
    }

    [Fact]
    public void Net2_is_read_with_its_negative_inflow_and_a_55_hour_run()
    {
        var net = InpReader.Read(Shared("Net2.inp"));
        Assert.Equal((35, 0, 1), (net.Junctions.Count, net.Reservoirs.Count, net.Tanks.Count));
        Assert.Equal((40, 0, 0, 0), (net.Pipes.Count, net.Pumps.Count, net.Valves.Count, net.Controls.Count));
        var source = net.Junctions[0];
        Assert.Equal("1", source.Id);
        var inflow = Assert.Single(source.Demands);
        Near(-694.4 * Gpm, inflow.Base);                     // a negative demand: the pump station's inflow
        Assert.Equal("2", inflow.Pattern);
        Assert.Equal(55 * 3600, net.Times.Duration);
        Assert.Equal(8 * 3600, net.Times.StartClockTime);    // 8 am
        Assert.Equal(3, net.Patterns.Count);
        Assert.Equal(55, net.Patterns["1"].Multipliers.Count);   // one an hour of the 55-hour study
        Assert.Equal(0.81, net.Patterns["1"].Multipliers[^1]);
        Near(235 * Ft, Assert.Single(net.Tanks).Elevation);
        Assert.Equal(36, net.Coordinates.Count);
    }

    [Fact]
    public void Example1_is_Net1_with_another_report_section()
    {
        var net1 = InpReader.Read(Shared("Net1.inp"));
        var example = InpReader.Read(Shared("example1.inp"));
        Assert.Equal(net1.Pipes, example.Pipes);
        Assert.Equal(net1.Tanks, example.Tanks);
        Assert.Equal(net1.Reservoirs, example.Reservoirs);
        Assert.Equal(net1.Controls, example.Controls);
        Assert.Equal(net1.Options, example.Options);
        Assert.Equal(net1.Times, example.Times);
        Assert.Equal(net1.Junctions.Select(j => (j.Id, j.Elevation, j.Demands[0])), example.Junctions.Select(j => (j.Id, j.Elevation, j.Demands[0])));
    }

    [Fact]
    public void The_valves_test_network_has_every_valve_type_in_SI()
    {
        var net = InpReader.Read(WaterFiles.Local("ValvesNetwork.inp"));
        Assert.Equal((11, 2, 1, 9, 6), (net.Junctions.Count, net.Reservoirs.Count, net.Tanks.Count, net.Pipes.Count, net.Valves.Count));
        Assert.Equal([ValveType.Prv, ValveType.Psv, ValveType.Fcv, ValveType.Tcv, ValveType.Pbv, ValveType.Gpv], net.Valves.Select(v => v.Type));
        Assert.Equal(40, net.Valves[0].Setting);                  // m of pressure
        Assert.Equal(0.5, net.Valves[0].MinorLoss);
        Near(10 * Lps, net.Valves[2].Setting);                    // L/s → m³/s
        Assert.Equal(20, net.Valves[3].Setting);                  // a TCV's loss coefficient
        Near(0.2, net.Valves[0].Diameter);                       // 200 mm
        var gpv = net.Valves[5].HeadLossCurve!;
        Assert.Equal("gpv1", gpv.Id);
        Assert.Equal([0, 5 * Lps, 20 * Lps], gpv.X);
        Assert.Equal([0.0, 2.0, 15.0], gpv.Y);
        Assert.True(Assert.Single(net.Pipes, p => p.Id == "P3").CheckValve);
        Near(0.4 * Lps, Assert.Single(net.Junctions, j => j.Id == "L").EmitterCoefficient); // 1 m of pressure is 1 m of head
        Assert.Equal([7200L, 10800L], net.Controls.Select(c => c.Time));
        Assert.Equal((4 * 3600L, 3600L), (net.Times.Duration, net.Times.HydraulicStep));
    }

    // --- Everything else the reader supports, on a small SI file ----------------------------------------------------

    private const string SiFeatures = """
        [TITLE]
        SI features ; not part of the title
        [junctions]
        ;id elev demand pattern
         J1  100  10          ; first
         J2  90   5   day
         J3  95
         "J 4" 96
        [RESERVOIRS]
         R1  200  rpat
        [Tanks]
         T1  150  5  1  10  20  3
         T2  140  2  1  4   0   0  vol  YES
        [PIPES]
         P1 R1 J1 1000 300 0.26 0 Open
         P2 J1 J2 500 200 0.1 CV
         P3 J2 T1 500 200 0.1 0.5 Closed
         P4 J3 T2 100 150 0.1
         P5 J2 J3 100 150 0.1
         P6 J3 "J 4" 50 100 0.1
        [PUMPS]
         U1 R1 J3 POWER 20 SPEED 1.2 PATTERN day
        [VALVES]
         V1 J1 J3 150 PRV 300 0.2
         V2 J2 J3 100 GPV gpv
         V3 J1 J2 100 FCV 12
        [DEMANDS]
         J1 4 day ;domestic
         J1 6     ;industry
        [STATUS]
         U1 0.8
         V1 CLOSED
         V3 20
        [PATTERNS]
         day 0.5 1.5
         day 1.0
         rpat 1 1.1
        [CURVES]
         vol 0 0
         vol 5 100
         gpv 0 0
         gpv 10 2
        [CONTROLS]
         LINK U1 CLOSED IF NODE J1 ABOVE 500
         link V1 250 at clocktime 6:30 PM
         LINK U1 1.1 AT TIME 90 MIN
         LINK P3 OPEN IF NODE T1 BELOW 2
        [EMITTERS]
         J3 0.5
        [TIMES]
         Duration 2 days
         Hydraulic Timestep 0:30
         Pattern Timestep 15 min
         Report Timestep 1:00
         Report Start 3 DAYS
         Start ClockTime 6 PM
         Quality Timestep 0:05
        [OPTIONS]
         Units LPS
         Pressure KPA
         Headloss D-W
         Viscosity 1.2
         Trials 50
         Unbalanced Stop
         Demand Model PDA
         Minimum Pressure 10
         Required Pressure 200
         Pressure Exponent 0.6
         Emitter Exponent 0.5
         Quality None
         Emitter Backflow NO
         DAMPLIMIT 0
        [COORDINATES]
         J1 1 2
        [VERTICES]
         P1 0.5 0.5
         P1 0.7 0.9
        [RULES]
        ; no rules: an empty [RULES] is fine
        [TAGS]
         NODE J1 Main
        [END]
        anything after [END] is not read [NOSUCHSECTION]
        """;

    [Fact]
    public void An_SI_file_with_kPa_Darcy_Weisbach_valves_and_a_volume_curve_is_converted()
    {
        var net = Parse(SiFeatures);
        Assert.Equal("SI features", net.Title);
        Assert.Equal(["J1", "J2", "J3", "J 4"], net.Junctions.Select(j => j.Id));

        var p1 = net.Pipes[0];
        Near(1000, p1.Length);
        Near(0.3, p1.Diameter);                               // mm → m
        Near(0.26e-3, p1.Roughness);                          // D-W roughness mm → m
        Assert.True(net.Pipes[1].CheckValve);
        Assert.Equal(0, net.Pipes[1].MinorLoss);
        Assert.Equal((0.5, LinkStatus.Closed), (net.Pipes[2].MinorLoss, net.Pipes[2].Status));
        Assert.Equal("J 4", net.Pipes[5].To);

        var pump = Assert.Single(net.Pumps);
        Assert.Null(pump.HeadCurve);
        Assert.Equal(20_000, pump.Power);                     // kW → W
        Assert.Equal(("day", 0.8, LinkStatus.Open), (pump.SpeedPattern, pump.Speed, pump.Status)); // [STATUS] speed

        var prv = net.Valves[0];
        Assert.Equal((ValveType.Prv, LinkStatus.Closed, 0.2), (prv.Type, prv.Status, prv.MinorLoss));
        Near(300 * Kpa, prv.Setting);                         // 300 kPa = 30.59 m of water
        var gpv = net.Valves[1];
        Assert.Equal(ValveType.Gpv, gpv.Type);
        Assert.Equal([0.0, 10 * Lps], gpv.HeadLossCurve!.X);
        Assert.Equal([0.0, 2.0], gpv.HeadLossCurve.Y);
        var fcv = net.Valves[2];
        Near(20 * Lps, fcv.Setting);                          // [STATUS] 20 replaces 12
        Assert.Null(fcv.Status);

        var t2 = net.Tanks[1];
        Assert.Equal((0.0, true), (t2.Diameter, t2.CanOverflow));
        Assert.Equal([0.0, 5.0], t2.VolumeCurve!.X);
        // m³ as EPANET reads them: 0.028317 m³ to its cubic foot.
        const double cubicMetre = 0.3048 * 0.3048 * 0.3048 / 0.028317;
        Assert.Equal([0.0, 100 * cubicMetre], t2.VolumeCurve.Y);
        Assert.Equal(3 * cubicMetre, net.Tanks[0].MinVolume);
        Assert.Equal("rpat", net.Reservoirs[0].Pattern);
    }

    [Fact]
    public void Demands_replace_the_junction_demand_and_emitters_convert_with_the_pressure_unit()
    {
        var net = Parse(SiFeatures);
        var j1 = net.Junctions[0];
        Assert.Equal(2, j1.Demands.Count);                   // [DEMANDS] replaces [JUNCTIONS]' 10 L/s
        Assert.Equal(new WaterDemand(4 * Lps, "day", "domestic"), j1.Demands[0]);
        Assert.Equal(new WaterDemand(6 * Lps, null, "industry"), j1.Demands[1]);
        Assert.Equal(new WaterDemand(5 * Lps, "day"), Assert.Single(net.Junctions[1].Demands));
        Assert.Equal(new WaterDemand(0, null), Assert.Single(net.Junctions[2].Demands));
        Assert.Equal([0.5, 1.5, 1.0], net.Patterns["day"].Multipliers);

        // 0.5 L/s at 1 kPa: q = C·p^0.5 with p in m of water, 1 kPa = 1/9.80665 m.
        var emitter = net.Junctions[2].EmitterCoefficient;
        Near(0.5 * Lps * Math.Sqrt(9.80665), emitter);
        Near(0.5 * Lps, emitter * Math.Sqrt(Kpa));
    }

    [Fact]
    public void SI_controls_times_and_options()
    {
        var net = Parse(SiFeatures);
        var c = net.Controls;
        Assert.Equal(4, c.Count);
        Assert.Equal(("U1", LinkStatus.Closed, ControlTrigger.HeadAbove, "J1"), (c[0].Link, c[0].Status, c[0].Trigger, c[0].Node));
        Near(100 + 500 * Kpa, c[0].Head);                    // junction: elevation + pressure
        Assert.Equal(("V1", (LinkStatus?)null, ControlTrigger.AtClockTime, 18 * 3600L + 1800), (c[1].Link, c[1].Status, c[1].Trigger, c[1].Time));
        Near(250 * Kpa, c[1].Setting!.Value);                // a PRV setting in kPa
        Assert.Equal((1.1, ControlTrigger.AtTime, 5400L), (c[2].Setting, c[2].Trigger, c[2].Time));
        Near(152, c[3].Head);                                // tank: bottom + level

        var t = net.Times;
        Assert.Equal(2 * 86400, t.Duration);
        Assert.Equal(900, t.PatternStep);
        Assert.Equal(900, t.HydraulicStep);                  // 0:30 cut to the 15 min pattern step, as EPANET
        Assert.Equal(3600, t.ReportStep);
        Assert.Equal(0, t.ReportStart);                      // 3 days is past the 2-day run: 0, as EPANET
        Assert.Equal(18 * 3600, t.StartClockTime);

        var o = net.Options;
        Assert.Equal((FlowUnits.Lps, HeadLossFormula.DarcyWeisbach, 50, -1), (o.Units, o.HeadLoss, o.MaxTrials, o.ContinueTrials));
        Near(1.2 * WaterUnits.WaterViscosity, o.Viscosity);
        Assert.Equal(DemandModel.PressureDriven, o.DemandModel);
        Near(10 * Kpa, o.MinimumPressure);
        Near(200 * Kpa, o.RequiredPressure);
        Assert.Equal(0.6, o.PressureExponent);
        Assert.Null(o.DefaultPattern);                       // no PATTERN option and no pattern "1"

        Assert.Equal((1.0, 2.0), Assert.Single(net.Coordinates).Value);
        Assert.Equal([(0.5, 0.5), (0.7, 0.9)], net.Vertices["P1"]);
    }

    [Fact]
    public void A_US_file_converts_psi_millifeet_cubic_feet_and_horsepower()
    {
        const string text = """
            [JUNCTIONS]
             J1 100 10
            [TANKS]
             T1 150 5 1 10 0 0 vol
            [RESERVOIRS]
             R1 300
            [PIPES]
             P1 R1 J1 1000 12 0.5
             P2 J1 T1 100 8 0.5
            [PUMPS]
             U1 R1 T1 POWER 50
            [CURVES]
             vol 0 0
             vol 20 1000
            [EMITTERS]
             J1 2
            [CONTROLS]
             LINK U1 OPEN IF NODE J1 BELOW 40
            [OPTIONS]
             UNITS CFS
             HEADLOSS D-W
             SPECIFIC GRAVITY 1.1
             PATTERN none
            """;
        var net = Parse(text);
        Near(0.5e-3 * Ft, net.Pipes[0].Roughness);           // millifeet → m
        Near(12 * In, net.Pipes[0].Diameter);
        Near(50 * 745.699872, net.Pumps[0].Power);            // hp → W
        Near(1000 * WaterUnits.CubicFoot, net.Tanks[0].VolumeCurve!.Y[1]);   // ft³ → m³
        Near(20 * Ft, net.Tanks[0].VolumeCurve!.X[1]);
        var psi = Psi / 1.1;                                  // a psi of a heavier liquid is less head
        Near(2 * Ft * Ft * Ft * Math.Pow(psi, -0.5), net.Junctions[0].EmitterCoefficient);
        Near(100 * Ft + 40 * psi, net.Controls[0].Head);
        Assert.Null(net.Options.DefaultPattern);              // PATTERN names none that exists: constant, as EPANET
        Assert.Equal(FlowUnits.Cfs, net.Options.Units);
        Assert.Equal(new WaterTimes(), net.Times);            // no [TIMES]: EPANET's defaults
    }

    // --- Refusals ----------------------------------------------------------------------------------------------------

    /// <summary>A valid SI network; each bad case adds one line at the end of one section.</summary>
    private const string Base = """
        [TITLE]
        Small test network
        [JUNCTIONS]
        J1 100 10
        J2 90 5 day
        [RESERVOIRS]
        R1 200
        [TANKS]
        T1 150 5 1 10 20
        [PIPES]
        P1 R1 J1 1000 300 100
        P2 J1 J2 500 200 100
        P3 J2 T1 500 200 100
        [PUMPS]
        [VALVES]
        [DEMANDS]
        [STATUS]
        [PATTERNS]
        day 1 2
        [CURVES]
        c1 10 50
        [CONTROLS]
        [EMITTERS]
        [TIMES]
        DURATION 24
        [OPTIONS]
        UNITS LPS
        [COORDINATES]
        [END]
        """;

    [Fact]
    public void The_base_of_the_bad_cases_is_good()
    {
        var net = Parse(Base);
        Assert.Equal((2, 1, 1, 3), (net.Junctions.Count, net.Reservoirs.Count, net.Tanks.Count, net.Pipes.Count));
        Assert.Equal(24 * 3600, net.Times.Duration);
    }

    /// <summary>Section, the line added at its end, the line the error is on (null: the added line), words the message must hold.</summary>
    public static TheoryData<string, string, int?, string[]> BadLines => new()
    {
        { "JUNCTIONS", "J9 abc", null, ["junction 'J9' elevation 'abc' is not a number"] },
        { "JUNCTIONS", "J9", null, ["junction 'J9'", "1 field", "id elevation [demand] [pattern]"] },
        { "JUNCTIONS", "J9 5 1 2 3", null, ["junction 'J9'", "5 fields", "2 to 4"] },
        { "JUNCTIONS", "J1 5", null, ["junction id 'J1'", "already used", "line 4"] },
        { "JUNCTIONS", "R1 5", 8, ["reservoir id 'R1'", "already used by the junction on line 6"] },
        { "JUNCTIONS", "J9 5 1 nopat", null, ["junction 'J9'", "pattern 'nopat'", "not defined"] },
        { "JUNCTIONS", "J9 5", null, ["junction 'J9'", "not connected"] },
        { "JUNCTIONS", "J23456789012345678901234567890123 5", null, ["33 characters", "31"] },
        { "RESERVOIRS", "R2 x", null, ["reservoir 'R2' head 'x' is not a number"] },
        { "TANKS", "T2 100 5 10 1 20", null, ["tank 'T2' minimum level 10 is above its maximum level 1"] },
        { "TANKS", "T2 100 30 1 10 20", null, ["tank 'T2' initial level 30", "outside"] },
        { "TANKS", "T2 100 5 1 10 -20", null, ["tank 'T2' diameter -20", "negative"] },
        { "TANKS", "T2 100 5 1 10 20 0 nocurve", null, ["tank 'T2' volume curve 'nocurve'", "not defined"] },
        { "TANKS", "T2 100 5 1 10 20 0 * MAYBE", null, ["tank 'T2' overflow 'MAYBE'"] },
        { "PIPES", "P9 J1 J2 -5 200 100", null, ["pipe 'P9' length -5", "greater than 0"] },
        { "PIPES", "P9 J1 J2 100 abc 100", null, ["pipe 'P9' diameter 'abc' is not a number"] },
        { "PIPES", "P9 J1 J2 100 0 100", null, ["pipe 'P9' diameter 0", "greater than 0"] },
        { "PIPES", "P9 J1 J2 100 200 0", null, ["pipe 'P9' roughness 0", "greater than 0"] },
        { "PIPES", "P9 J1 J9 100 200 100", null, ["pipe 'P9' end node 'J9'", "not a junction, reservoir or tank"] },
        { "PIPES", "P9 J1 J1 100 200 100", null, ["pipe 'P9'", "same node 'J1'"] },
        { "PIPES", "P1 J1 J2 100 200 100", null, ["pipe id 'P1'", "already used by the pipe on line 11"] },
        { "PIPES", "P9 J1 J2 100 200 100 0 SHUT", null, ["pipe 'P9' status 'SHUT'", "OPEN, CLOSED or CV"] },
        { "PIPES", "P9 J1 J2 100 200 100 -1", null, ["pipe 'P9' minor loss -1", "negative"] },
        { "PIPES", "P9 J1 J2 100 200", null, ["pipe 'P9'", "5 fields", "6 to 8"] },
        { "PUMPS", "U1 R1 J1", null, ["pump 'U1'", "neither a HEAD curve nor a POWER"] },
        { "PUMPS", "U1 R1 J1 HEAD nocurve", null, ["pump 'U1' HEAD curve 'nocurve'", "not defined in [CURVES]"] },
        { "PUMPS", "U1 R1 J1 HEAD c1 POWER 5", null, ["pump 'U1'", "both a HEAD curve and a POWER"] },
        { "PUMPS", "U1 R1 J1 SPEAD 1", null, ["pump 'U1' keyword 'SPEAD'", "HEAD, POWER, SPEED or PATTERN"] },
        { "PUMPS", "U1 R1 J1 HEAD", null, ["pump 'U1' keyword 'HEAD' has no value"] },
        { "PUMPS", "U1 R1 J1 POWER 5 PATTERN nopat", null, ["pump 'U1' speed pattern 'nopat'", "not defined"] },
        { "PUMPS", "U1 R1 J1 POWER -5", null, ["pump 'U1' POWER -5", "greater than 0"] },
        { "VALVES", "V1 J1 J2 200 XYZ 5", null, ["valve 'V1' type 'XYZ'", "PRV, PSV, PBV, FCV, TCV or GPV"] },
        { "VALVES", "V1 J1 T1 200 PRV 5", null, ["valve 'V1' is a PRV", "tank 'T1'"] },
        { "VALVES", "V1 J1 J2 200 GPV nocurve", null, ["valve 'V1' head-loss curve 'nocurve'", "not defined"] },
        { "VALVES", "V1 J1 J2 200 FCV lots", null, ["valve 'V1' setting 'lots' is not a number"] },
        { "CURVES", "c1 5 60", null, ["curve 'c1' x 5", "previous point's x 10 (line 21)", "must rise"] },
        { "CURVES", "c2 5", null, ["curve 'c2' point", "2 fields", "id x y"] },
        { "PATTERNS", "day 1 x", null, ["pattern 'day' multiplier 4 'x' is not a number"] },
        { "DEMANDS", "R1 5", null, ["reservoir 'R1' cannot have a demand"] },
        { "DEMANDS", "J1 5 nopat", null, ["junction 'J1' demand pattern 'nopat'", "not defined"] },
        { "DEMANDS", "J1 five", null, ["junction 'J1' demand 'five' is not a number"] },
        { "STATUS", "P9 OPEN", null, ["link 'P9' is not a pipe, pump or valve"] },
        { "STATUS", "P1 ACTIVE", null, ["pipe 'P1' status 'ACTIVE'", "OPEN or CLOSED"] },
        { "CONTROLS", "LINK P1 CLOSED IF NODE T9 ABOVE 5", null, ["control node 'T9'", "not a junction, reservoir or tank"] },
        { "CONTROLS", "LINK P9 CLOSED AT TIME 5", null, ["control link 'P9'", "not a pipe, pump or valve"] },
        { "CONTROLS", "LINK P1 CLOSED IF NODE T1 OVER 5", null, ["'OVER' is not ABOVE or BELOW"] },
        { "CONTROLS", "LINK P1 CLOSED IF NODE T1 ABOVE high", null, ["control of link 'P1' level 'high' is not a number"] },
        { "CONTROLS", "LINK P1 0.5 AT TIME 5", null, ["control of pipe 'P1' sets '0.5'", "only OPEN or CLOSED"] },
        { "CONTROLS", "LINK P1 CLOSED AT CLOCKTIME 13 PM", null, ["control of link 'P1' clock time", "past 12"] },
        { "CONTROLS", "LINK P1 CLOSED AT TIME 2 WEEKS", null, ["control of link 'P1' time unit 'WEEKS'", "SEC, MIN, HOURS or DAYS"] },
        { "CONTROLS", "LINK P1 CLOSED AT SUNRISE 2", null, ["'AT SUNRISE'", "AT TIME", "AT CLOCKTIME"] },
        { "CONTROLS", "PIPE P1 CLOSED AT TIME 2", null, ["a control starts with LINK, not 'PIPE'"] },
        { "EMITTERS", "J1 x", null, ["junction 'J1' emitter coefficient 'x' is not a number"] },
        { "EMITTERS", "T1 0.5", null, ["tank 'T1' cannot have an emitter"] },
        { "TIMES", "HYDRAULIC TIMESTEP 0", null, ["HYDRAULIC TIMESTEP 0 must be longer than 0"] },
        { "TIMES", "DURATION 1:xx", null, ["DURATION '1:xx' is not a time"] },
        { "TIMES", "DURATOIN 24", null, ["unknown time option 'DURATOIN 24'"] },
        { "TIMES", "START CLOCKTIME 25:00", null, ["START CLOCKTIME '25:00' is not a time of day"] },
        { "OPTIONS", "UNITS XYZ", null, ["UNITS 'XYZ' is not a flow unit", "GPM"] },
        { "OPTIONS", "UNITS", null, ["UNITS needs one value", "found 0"] },
        { "OPTIONS", "HEADLOSS X-Y", null, ["HEADLOSS 'X-Y'", "H-W, D-W or C-M"] },
        { "OPTIONS", "PRESSURE ATM", null, ["PRESSURE 'ATM' is not a pressure unit"] },
        { "OPTIONS", "FOO 1", null, ["unknown option 'FOO 1'"] },
        { "OPTIONS", "TRIALS 1.5", null, ["TRIALS 1.5 must be a whole number"] },
        { "OPTIONS", "SPECIFIC GRAVITY 0", null, ["SPECIFIC GRAVITY 0 must be greater than 0"] },
        { "OPTIONS", "UNBALANCED MAYBE", null, ["UNBALANCED 'MAYBE'", "STOP, CONTINUE or CONTINUE n"] },
        { "OPTIONS", "DEMAND MODEL WISH", null, ["DEMAND MODEL 'WISH' is not DDA or PDA"] },
        { "COORDINATES", "J9 1 2", null, ["node 'J9' is not a junction, reservoir or tank"] },
        { "COORDINATES", "J1 1", null, ["coordinates of 'J1'", "2 fields"] },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void A_bad_line_is_refused_naming_its_section_line_and_field(string section, string added, int? errorLine, string[] expected)
    {
        var lines = Base.Split('\n').ToList();
        int header = lines.FindIndex(l => l.Trim() == $"[{section}]");
        Assert.True(header >= 0, $"the base has no [{section}]");
        int at = lines.FindIndex(header + 1, l => l.TrimStart().StartsWith('['));
        lines.Insert(at, added);

        var e = Refused(string.Join('\n', lines), "bad.inp");
        Assert.Equal("bad.inp", e.File);
        Assert.Equal(errorLine ?? at + 1, e.Line);
        Assert.Equal(errorLine is null ? $"[{section}]" : e.Section, e.Section);
        Assert.StartsWith($"bad.inp: {e.Section} line {e.Line}: ", e.Message);
        foreach (var words in expected) Assert.Contains(words, e.Message);
    }

    [Fact]
    public void The_exception_message_has_the_file_section_line_and_problem()
    {
        var e = Refused(Base.Replace("P1 R1 J1 1000 300 100", "P1 R1 J1 1000 abc 100"), "Net1.inp");
        Assert.Equal("Net1.inp: [PIPES] line 11: pipe 'P1' diameter 'abc' is not a number", e.Message);
        Assert.Equal(("Net1.inp", "[PIPES]", (int?)11), (e.File, e.Section, e.Line));
        Assert.Equal("pipe 'P1' diameter 'abc' is not a number", e.Problem);
    }

    [Fact]
    public void A_duplicate_reservoir_id_is_refused_at_the_reservoir()
    {
        // The table's "R1 in [JUNCTIONS]" case checked on its own: the clash is reported where the second R1 is.
        var e = Refused(Base.Replace("J2 90 5 day", "J2 90 5 day\nR1 5"));
        Assert.Equal(("[RESERVOIRS]", (int?)8), (e.Section, e.Line));
    }

    [Fact]
    public void Rule_based_controls_are_refused_at_their_first_line()
    {
        var e = Refused(Base.Replace("[CONTROLS]", "[RULES]\n; a comment is fine\nRULE 1\nIF TANK T1 LEVEL ABOVE 5\nTHEN LINK P1 STATUS IS CLOSED\n[CONTROLS]"));
        Assert.Equal(("[RULES]", (int?)24), (e.Section, e.Line));
        Assert.Contains("rule-based controls are not supported", e.Message);
        Assert.Contains("'RULE 1'", e.Message);
    }

    [Fact]
    public void An_unknown_section_is_refused_by_name()
    {
        var e = Refused(Base.Replace("[CURVES]", "[CURVEZ]"));
        Assert.Equal(("[CURVEZ]", (int?)20), (e.Section, e.Line));
        Assert.Contains("unknown section [CURVEZ]", e.Message);
        Assert.Contains("[CURVES]", e.Message);                  // what it might have meant
    }

    [Fact]
    public void Text_before_any_section_has_no_section()
    {
        var e = Refused("; a comment is fine\n\nSmall network\n" + Base);
        Assert.Null(e.Section);
        Assert.Equal(3, e.Line);
        Assert.Equal("test.inp: line 3: 'Small network' comes before any section header; an .inp file's content is under headers such as [TITLE] or [JUNCTIONS]", e.Message);
    }

    [Fact]
    public void A_network_without_a_reservoir_or_tank_is_refused_as_a_whole()
    {
        var e = Refused("[JUNCTIONS]\nA 1 1\nB 1 1\n[PIPES]\nP A B 10 100 100\n");
        Assert.Null(e.Section);
        Assert.Null(e.Line);
        Assert.Contains("no reservoir or tank", e.Message);
    }

    [Fact]
    public void Pressure_driven_demand_needs_the_required_pressure_above_the_minimum()
    {
        var e = Refused(Base.Replace("UNITS LPS", "UNITS LPS\nDEMAND MODEL PDA\nMINIMUM PRESSURE 20\nREQUIRED PRESSURE 15"));
        Assert.Equal(("[OPTIONS]", (int?)30), (e.Section, e.Line));
        Assert.Contains("REQUIRED PRESSURE (15 m) must be above MINIMUM PRESSURE (20 m)", e.Message);
    }

    [Fact]
    public void A_pump_curve_whose_head_rises_is_refused_at_the_curve_point()
    {
        var e = Refused(Base.Replace("c1 10 50", "c1 10 50\nc1 20 60").Replace("[PUMPS]", "[PUMPS]\nU1 R1 J1 HEAD c1"));
        Assert.Equal(("[CURVES]", (int?)23), (e.Section, e.Line));
        Assert.Contains("curve 'c1' (pump 'U1''s head curve): head 60 at flow 20 is not below the head 50", e.Message);
    }

    [Fact]
    public void A_file_longer_than_the_input_limit_is_refused()
    {
        var limits = new InputLimits { InputFileBytes = 100 };
        var path = Shared("Net1.inp");
        var e = Assert.Throws<InpFormatException>(() => InpReader.Read(path, limits));
        Assert.Equal((path, (int?)null), (e.File, e.Line));
        Assert.Contains(nameof(InputLimits.InputFileBytes), e.Message);

        var streamed = Assert.Throws<InpFormatException>(() => InpReader.Read(new StringReader(Base), "big.inp", limits));
        Assert.True(streamed.Line is > 1 and < 10, $"refused at line {streamed.Line}");
        Assert.Contains(nameof(InputLimits.InputFileBytes), streamed.Message);
    }
}
