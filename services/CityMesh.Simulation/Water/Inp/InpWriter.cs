using System.Globalization;

namespace CityMesh.Simulation.Water.Inp;

/// <summary>
/// Writes a <see cref="WaterNetwork"/> as an EPANET input file in SI (flows in L/s, lengths and heads in m, diameters
/// and Darcy–Weisbach roughness in mm, pressures in m): the hydraulic sections <see cref="InpReader"/> reads, so a
/// network built in CityMesh (a city's own, a generated one) opens in EPANET and runs there alike. Numbers are written
/// to round-trip exactly; reading the file back gives the same network.
/// </summary>
public static class InpWriter
{
    /// <summary>m³/s per L/s as EPANET reads a file (<see cref="WaterUnits.Flow"/>).</summary>
    private static readonly double Lps = WaterUnits.Flow(FlowUnits.Lps);
    private static readonly double CubicMetre = WaterUnits.Volume(FlowUnits.Lps);

    public static void Write(WaterNetwork net, string path)
    {
        using var writer = new StreamWriter(path);
        Write(net, writer);
    }

    public static void Write(WaterNetwork net, TextWriter w)
    {
        var o = net.Options;
        double sg = o.SpecificGravity;
        double pressure = 1 / sg; // m of head per m of pressure in SI files
        w.WriteLine("[TITLE]");
        foreach (var line in (net.Title.Length == 0 ? "CityMesh water network" : net.Title).Split('\n')) w.WriteLine(line.TrimEnd());
        w.WriteLine();

        w.WriteLine("[JUNCTIONS]");
        w.WriteLine(";ID\tElev\tDemand\tPattern");
        foreach (var j in net.Junctions)
        {
            var first = j.Demands.Count > 0 ? j.Demands[0] : null;
            w.WriteLine($" {j.Id}\t{N(j.Elevation)}\t{N((first?.Base ?? 0) / Lps)}\t{first?.Pattern ?? ""}");
        }
        w.WriteLine();
        var several = net.Junctions.Where(j => j.Demands.Count > 1).ToList();
        if (several.Count > 0)
        {
            w.WriteLine("[DEMANDS]");
            foreach (var j in several)
                foreach (var d in j.Demands)
                    w.WriteLine($" {j.Id}\t{N(d.Base / Lps)}\t{d.Pattern ?? ""}{(d.Category is null ? "" : $"\t;{d.Category}")}");
            w.WriteLine();
        }

        w.WriteLine("[RESERVOIRS]");
        foreach (var r in net.Reservoirs) w.WriteLine($" {r.Id}\t{N(r.Head)}\t{r.Pattern ?? ""}");
        w.WriteLine();

        w.WriteLine("[TANKS]");
        w.WriteLine(";ID\tElev\tInitLvl\tMinLvl\tMaxLvl\tDiam\tMinVol\tVolCurve\tOverflow");
        foreach (var t in net.Tanks)
            w.WriteLine($" {t.Id}\t{N(t.Elevation)}\t{N(t.InitialLevel)}\t{N(t.MinLevel)}\t{N(t.MaxLevel)}\t{N(t.Diameter)}\t{N(t.MinVolume / CubicMetre)}\t{t.VolumeCurve?.Id ?? "*"}\t{(t.CanOverflow ? "YES" : "NO")}");
        w.WriteLine();

        double roughness = o.HeadLoss == HeadLossFormula.DarcyWeisbach ? 1e-3 : 1;
        w.WriteLine("[PIPES]");
        w.WriteLine(";ID\tNode1\tNode2\tLength\tDiam\tRough\tMinorLoss\tStatus");
        foreach (var p in net.Pipes)
            w.WriteLine($" {p.Id}\t{p.From}\t{p.To}\t{N(p.Length)}\t{N(p.Diameter * 1e3)}\t{N(p.Roughness / roughness)}\t{N(p.MinorLoss)}\t{(p.CheckValve ? "CV" : p.Status == LinkStatus.Closed ? "Closed" : "Open")}");
        w.WriteLine();

        w.WriteLine("[PUMPS]");
        foreach (var p in net.Pumps)
        {
            var parameters = p.HeadCurve is { } c ? $"HEAD {c.Id}" : $"POWER {N(p.Power / 1e3)}";
            if (p.Speed != 1) parameters += $" SPEED {N(p.Speed)}";
            if (p.SpeedPattern is not null) parameters += $" PATTERN {p.SpeedPattern}";
            w.WriteLine($" {p.Id}\t{p.From}\t{p.To}\t{parameters}");
        }
        w.WriteLine();

        w.WriteLine("[VALVES]");
        foreach (var v in net.Valves)
        {
            string setting = v.Type switch
            {
                ValveType.Gpv => v.HeadLossCurve!.Id,
                ValveType.Prv or ValveType.Psv or ValveType.Pbv => N(v.Setting / pressure),
                ValveType.Fcv => N(v.Setting / Lps),
                _ => N(v.Setting),
            };
            w.WriteLine($" {v.Id}\t{v.From}\t{v.To}\t{N(v.Diameter * 1e3)}\t{v.Type.ToString().ToUpperInvariant()}\t{setting}\t{N(v.MinorLoss)}");
        }
        w.WriteLine();

        w.WriteLine("[STATUS]");
        foreach (var p in net.Pumps.Where(p => p.Status == LinkStatus.Closed)) w.WriteLine($" {p.Id}\tClosed");
        foreach (var v in net.Valves.Where(v => v.Status is not null)) w.WriteLine($" {v.Id}\t{(v.Status == LinkStatus.Closed ? "Closed" : "Open")}");
        w.WriteLine();

        w.WriteLine("[EMITTERS]");
        foreach (var j in net.Junctions.Where(j => j.EmitterCoefficient > 0))
            w.WriteLine($" {j.Id}\t{N(j.EmitterCoefficient / Lps * Math.Pow(pressure, o.EmitterExponent))}");
        w.WriteLine();

        w.WriteLine("[PATTERNS]");
        foreach (var pattern in net.Patterns.Values)
            for (int i = 0; i < pattern.Multipliers.Count; i += 6)
                w.WriteLine($" {pattern.Id}\t{string.Join("\t", pattern.Multipliers.Skip(i).Take(6).Select(N))}");
        w.WriteLine();

        w.WriteLine("[CURVES]");
        var written = new HashSet<string>(StringComparer.Ordinal);
        void Curve(WaterCurve? c, double x, double y)
        {
            if (c is null || !written.Add(c.Id)) return;
            for (int i = 0; i < c.X.Count; i++) w.WriteLine($" {c.Id}\t{N(c.X[i] / x)}\t{N(c.Y[i] / y)}");
        }
        foreach (var p in net.Pumps) Curve(p.HeadCurve, Lps, 1);
        foreach (var t in net.Tanks) Curve(t.VolumeCurve, 1, CubicMetre);
        foreach (var v in net.Valves) Curve(v.HeadLossCurve, Lps, 1);
        w.WriteLine();

        w.WriteLine("[CONTROLS]");
        var elevations = net.Junctions.ToDictionary(j => j.Id, j => (Elevation: j.Elevation, Tank: false), StringComparer.Ordinal);
        foreach (var t in net.Tanks) elevations[t.Id] = (t.Elevation, true);
        foreach (var c in net.Controls)
        {
            var action = c.Setting is { } value ? N(ControlSetting(net, c.Link, value, pressure)) : c.Status == LinkStatus.Closed ? "CLOSED" : "OPEN";
            var condition = c.Trigger switch
            {
                ControlTrigger.AtTime => $"AT TIME {Time(c.Time)}",
                ControlTrigger.AtClockTime => $"AT CLOCKTIME {Time(c.Time)}",
                _ => $"IF NODE {c.Node} {(c.Trigger == ControlTrigger.HeadAbove ? "ABOVE" : "BELOW")} {N(Level(c, elevations[c.Node!], pressure))}",
            };
            w.WriteLine($" LINK {c.Link} {action} {condition}");
        }
        w.WriteLine();

        w.WriteLine("[OPTIONS]");
        w.WriteLine(" UNITS\tLPS");
        w.WriteLine($" HEADLOSS\t{o.HeadLoss switch { HeadLossFormula.HazenWilliams => "H-W", HeadLossFormula.DarcyWeisbach => "D-W", _ => "C-M" }}");
        w.WriteLine($" SPECIFIC GRAVITY\t{N(sg)}");
        w.WriteLine($" VISCOSITY\t{N(o.Viscosity / WaterUnits.WaterViscosity)}");
        w.WriteLine($" TRIALS\t{o.MaxTrials}");
        w.WriteLine($" ACCURACY\t{N(o.Accuracy)}");
        w.WriteLine($" CHECKFREQ\t{o.CheckFrequency}");
        w.WriteLine($" MAXCHECK\t{o.MaxCheck}");
        w.WriteLine($" UNBALANCED\t{(o.ContinueTrials < 0 ? "STOP" : $"CONTINUE {o.ContinueTrials}")}");
        if (o.DefaultPattern is not null) w.WriteLine($" PATTERN\t{o.DefaultPattern}");
        w.WriteLine($" DEMAND MULTIPLIER\t{N(o.DemandMultiplier)}");
        w.WriteLine($" EMITTER EXPONENT\t{N(o.EmitterExponent)}");
        w.WriteLine($" DEMAND MODEL\t{(o.DemandModel == DemandModel.PressureDriven ? "PDA" : "DDA")}");
        w.WriteLine($" MINIMUM PRESSURE\t{N(o.MinimumPressure / pressure)}");
        w.WriteLine($" REQUIRED PRESSURE\t{N(o.RequiredPressure / pressure)}");
        w.WriteLine($" PRESSURE EXPONENT\t{N(o.PressureExponent)}");
        w.WriteLine();

        var t0 = net.Times;
        w.WriteLine("[TIMES]");
        w.WriteLine($" DURATION\t{Time(t0.Duration)}");
        w.WriteLine($" HYDRAULIC TIMESTEP\t{Time(t0.HydraulicStep)}");
        w.WriteLine($" PATTERN TIMESTEP\t{Time(t0.PatternStep)}");
        w.WriteLine($" PATTERN START\t{Time(t0.PatternStart)}");
        w.WriteLine($" REPORT TIMESTEP\t{Time(t0.ReportStep)}");
        w.WriteLine($" REPORT START\t{Time(t0.ReportStart)}");
        w.WriteLine($" START CLOCKTIME\t{Time(t0.StartClockTime)}");
        w.WriteLine();

        w.WriteLine("[COORDINATES]");
        foreach (var (id, (x, y)) in net.Coordinates) w.WriteLine($" {id}\t{N(x)}\t{N(y)}");
        w.WriteLine();
        w.WriteLine("[VERTICES]");
        foreach (var (id, points) in net.Vertices)
            foreach (var (x, y) in points) w.WriteLine($" {id}\t{N(x)}\t{N(y)}");
        w.WriteLine();
        w.WriteLine("[END]");
    }

    /// <summary>A control's level in the file: above the tank's bottom, or the junction's pressure.</summary>
    private static double Level(WaterControl c, (double Elevation, bool Tank) node, double pressure) =>
        node.Tank ? c.Head - node.Elevation : (c.Head - node.Elevation) / pressure;

    private static double ControlSetting(WaterNetwork net, string link, double value, double pressure)
    {
        var valve = net.Valves.FirstOrDefault(v => v.Id == link);
        return valve?.Type switch
        {
            ValveType.Prv or ValveType.Psv or ValveType.Pbv => value / pressure,
            ValveType.Fcv => value / Lps,
            _ => value,
        };
    }

    private static string Time(long seconds) => $"{seconds / 3600}:{seconds / 60 % 60:D2}:{seconds % 60:D2}";

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
