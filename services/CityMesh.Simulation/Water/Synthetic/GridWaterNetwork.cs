namespace CityMesh.Simulation.Water.Synthetic;

/// <summary>
/// A plausible water network on a square street grid, seeded, for benchmarks and tests at a scale the example
/// networks do not reach: junctions every <paramref name="Spacing"/> m on a gentle slope with a little relief, mains
/// (300 mm) every tenth street and distribution pipes (150 mm) between, Hazen–Williams C from 100 to 130; a diurnal
/// demand pattern and a base demand per junction of 0.05–0.3 L/s; two gravity reservoirs at opposite corners; a
/// pumped supply from a low reservoir into the middle, switched by the level of an elevated tank beside it; 24 hours
/// in one-hour steps.
/// </summary>
public sealed record GridWaterNetwork(int Side, double Spacing = 100, int Seed = 1)
{
    /// <summary>A residential day, hour by hour (night low, morning and evening peaks), mean 1.</summary>
    public static readonly double[] Diurnal =
        [0.5, 0.4, 0.35, 0.35, 0.4, 0.6, 1.0, 1.5, 1.6, 1.3, 1.1, 1.0, 1.05, 1.0, 0.95, 0.95, 1.05, 1.3, 1.55, 1.5, 1.3, 1.0, 0.8, 0.65];

    public WaterNetwork Build()
    {
        if (Side < 3) throw new ArgumentOutOfRangeException(nameof(Side), Side, "a grid network needs at least 3 junctions a side");
        var random = new Random(Seed);
        string Id(int x, int y) => $"J{x}_{y}";
        var junctions = new List<WaterJunction>(Side * Side);
        var coordinates = new Dictionary<string, (double X, double Y)>();
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                // A 1 % slope rising west to east with ±1 m of relief.
                double elevation = 20 + 0.01 * x * Spacing + (random.NextDouble() - 0.5) * 2;
                double demand = (0.05 + 0.25 * random.NextDouble()) * 1e-3;
                junctions.Add(new WaterJunction(Id(x, y), Math.Round(elevation, 2), [new WaterDemand(demand, "diurnal")]));
                coordinates[Id(x, y)] = (x * Spacing, y * Spacing);
            }
        var pipes = new List<WaterPipe>(2 * Side * Side);
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                if (x + 1 < Side) pipes.Add(Pipe($"PH{x}_{y}", Id(x, y), Id(x + 1, y), y % 10 == 0));
                if (y + 1 < Side) pipes.Add(Pipe($"PV{x}_{y}", Id(x, y), Id(x, y + 1), x % 10 == 0));
            }
        WaterPipe Pipe(string id, string from, string to, bool main) =>
            new(id, from, to, Spacing, main ? 0.3 : 0.15, Math.Round(100 + 30 * random.NextDouble()), 0);

        int mid = Side / 2;
        double top = 20 + 0.01 * (Side - 1) * Spacing;
        var reservoirs = new List<WaterReservoir>
        {
            new("RWest", top + 45),
            new("REast", top + 40),
            new("RLow", 15),
        };
        coordinates["RWest"] = (-Spacing, -Spacing);
        coordinates["REast"] = (Side * Spacing, Side * Spacing);
        coordinates["RLow"] = (mid * Spacing, -2 * Spacing);
        pipes.Add(new WaterPipe("MWest", "RWest", Id(0, 0), 2 * Spacing, 0.5, 120));
        pipes.Add(new WaterPipe("MEast", "REast", Id(Side - 1, Side - 1), 2 * Spacing, 0.5, 120));
        pipes.Add(new WaterPipe("MPump", "PumpOut", Id(mid, mid), 3 * Spacing, 0.4, 120));
        junctions.Add(new WaterJunction("PumpOut", 18, []));
        coordinates["PumpOut"] = (mid * Spacing, -Spacing);
        // The pump: a three-point curve sized to a fifth of the grid's mean demand at 60 m.
        double design = 0.2 * Side * Side * 0.175e-3;
        var curve = new WaterCurve("PumpCurve", [0, design, 1.6 * design], [80, 60, 25]);
        var pumps = new List<WaterPump> { new("Pump", "RLow", "PumpOut", curve) };
        var tanks = new List<WaterTank> { new("Tower", top + 15, 4, 1, 9, 20) };
        coordinates["Tower"] = ((mid + 1) * Spacing, (mid + 1) * Spacing);
        pipes.Add(new WaterPipe("MTower", "Tower", Id(mid + 1, mid + 1), Spacing, 0.3, 120));
        var controls = new List<WaterControl>
        {
            new("Pump", LinkStatus.Closed, null, ControlTrigger.HeadAbove, "Tower", top + 15 + 8),
            new("Pump", LinkStatus.Open, null, ControlTrigger.HeadBelow, "Tower", top + 15 + 3),
        };
        return new WaterNetwork
        {
            Title = $"CityMesh generated grid: {Side} × {Side} junctions {Spacing:0} m apart, seed {Seed}",
            Junctions = junctions,
            Reservoirs = reservoirs,
            Tanks = tanks,
            Pipes = pipes,
            Pumps = pumps,
            Patterns = new Dictionary<string, WaterPattern> { ["diurnal"] = new("diurnal", Diurnal) },
            Controls = controls,
            Options = new WaterOptions { Units = FlowUnits.Lps, MaxTrials = 100 },
            Times = new WaterTimes { Duration = 24 * 3600 },
            Coordinates = coordinates,
        };
    }
}
