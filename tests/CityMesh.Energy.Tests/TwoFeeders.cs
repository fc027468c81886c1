using CityMesh.Energy.Grid;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Energy.Tests;

/// <summary>
/// A substation with two 10 kV feeders, A and B, of four secondary substations each in a chain of 1 km cables (0.125 +
/// j0.085 ohm, 3,000 kVA), their far ends joined by a normally-open point: small enough to work out by hand which relief
/// fixes what.
/// </summary>
internal static class TwoFeeders
{
    public const string City = "test";

    /// <param name="setpointPu">The voltage the substation holds its high-voltage bus at.</param>
    public static CityGrid Grid(bool withTie = true, double setpointPu = 1.0)
    {
        var buses = new List<GridBus>
        {
            new("s-hv", "s", 110, Source: true, SetpointPu: setpointPu),
            new("s-mv", "s", 10),
        };
        var lines = new List<GridLine>();
        foreach (var f in new[] { "a", "b" })
            for (var i = 1; i <= 4; i++)
            {
                buses.Add(new GridBus($"{f}{i}", "s", 10, Feeder: $"f{f}"));
                lines.Add(new GridLine($"{f}-l{i}", i == 1 ? "s-mv" : $"{f}{i - 1}", $"{f}{i}", 0.125, 0.085, 3000, 1000, $"f{f}"));
            }
        return new CityGrid([new GridSubstation("s", "S", 20_000)], buses, lines,
            [new GridTransformer("s-t1", "s", "s-hv", "s-mv", 20_000, 0.005, 0.10)],
            withTie ? [new GridSwitch("nop1", "a4", "b4", 0.125, 0.085, 3000, true, true)] : [],
            [new GridFeeder("fa", "s", "A", "s-mv", "a-l1", 3000), new GridFeeder("fb", "s", "B", "s-mv", "b-l1", 3000)]);
    }

    /// <summary>The input with loads per bus by id (others 0), chargers' power per bus, and critical buses.</summary>
    public static LiveGridInput Input(CityGrid grid, IReadOnlyDictionary<string, double> loads, IReadOnlyDictionary<string, double>? charging = null,
        IReadOnlySet<string>? critical = null, IReadOnlyDictionary<string, double>? solar = null)
    {
        var n = grid.Buses.Count;
        double[] Of(IReadOnlyDictionary<string, double>? values) => [.. grid.Buses.Select(b => values?.GetValueOrDefault(b.Id) ?? 0)];
        var load = Of(loads);
        var ev = Of(charging);
        var pv = Of(solar);
        var chargers = Enumerable.Range(0, n).Where(i => ev[i] > 0).ToDictionary(i => i, i => (IReadOnlyList<string>)[$"urn:ngsi-ld:EVChargingStation:{City}:ev-{grid.Buses[i].Id}"]);
        var arrays = Enumerable.Range(0, n).Where(i => pv[i] > 0).ToDictionary(i => i, i => (IReadOnlyList<string>)[$"urn:ngsi-ld:PVSystem:{City}:pv-{grid.Buses[i].Id}"]);
        return new LiveGridInput(grid, load, ev, pv, new bool[n], [.. grid.Buses.Select(b => critical?.Contains(b.Id) == true)], chargers, arrays);
    }
}
