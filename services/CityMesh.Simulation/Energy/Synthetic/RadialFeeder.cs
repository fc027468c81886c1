namespace CityMesh.Simulation.Energy.Synthetic;

/// <summary>
/// A generated radial feeder of any size, for benchmarks: 12.66 kV and 10 MVA like the Baran &amp; Wu feeders, the slack
/// at bus 1, each new bus hung from the bus before it (a run along a street) or, one time in three, from a random
/// earlier bus (a lateral), with short cable segments (0.02–0.08 ohm, X/R about 0.6) and small loads (0.3–0.6 kW at
/// power factor 0.9) so that the feeder stays within normal voltage limits at any size up to about 20,000 buses.
/// Seeded: the same size and seed give the same feeder.
/// </summary>
public sealed class RadialFeeder(int buses, int seed = 42)
{
    public PowerGrid Build()
    {
        if (buses < 2) throw new ArgumentOutOfRangeException(nameof(buses), buses, "a feeder needs at least two buses");
        var random = new Random(seed);
        const double Kv = 12.66, Mva = 10;
        var list = new List<Bus>(buses) { new(1, BusType.Slack, 0, 0, 0, 0, 1, 0, Kv, 1, 1) };
        var branches = new List<Branch>(buses - 1);
        for (int id = 2; id <= buses; id++)
        {
            double kw = 0.3 + 0.3 * random.NextDouble();
            list.Add(new Bus(id, BusType.PQ, kw / 1000, kw * 0.4843 / 1000, 0, 0, 1, 0, Kv, 1.1, 0.9));
            int parent = random.Next(3) == 0 ? 1 + random.Next(id - 1) : id - 1;
            double ohms = 0.02 + 0.06 * random.NextDouble();
            branches.Add(new Branch(parent, id, PerUnit.ImpedanceFromOhms(ohms, Kv, Mva), PerUnit.ImpedanceFromOhms(0.6 * ohms, Kv, Mva), 0, 0, 1, 0, true));
        }
        return new PowerGrid($"radial{buses}", Mva, list, [new Generator(1, 0, 0, 100, -100, 1, 100, true, 100, 0)], branches);
    }
}
