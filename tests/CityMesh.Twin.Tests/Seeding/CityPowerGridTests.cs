using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Energy.Synthetic;
using CityMesh.Simulation.Energy.Twin;
using CityMesh.Twin.Seeding;

namespace CityMesh.Twin.Tests.Seeding;

/// <summary>
/// The seeded city's distribution grid: every substation's 10 kV network along the streets, every building, hospital
/// and charger on a bus, hospitals' and shelters' buses critical; read back from the twin's entities it solves at the
/// planning peak with every bus energised, voltages within 0.95–1.05 pu and no feeder over its rating.
/// </summary>
public sealed class CityPowerGridTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly SeededCity City = JinanData.City();

    private static CityGrid Grid() => GridEntities.Read(City.Entities.Where(e => GridEntities.Types.Contains(e.Type)).Select(SeededElements.Of));

    [Fact]
    public void Every_load_is_on_a_bus_of_its_own_substation()
    {
        var ids = City.Entities.ToDictionary(e => e.Id);
        var counts = City.CountByType;
        Assert.True(counts[EntityTypes.BusbarSection] > 2 * counts[EntityTypes.Substation], $"{counts[EntityTypes.BusbarSection]} buses");
        Assert.True(counts[EntityTypes.EVChargingStation] > 0, "the city has chargers");
        foreach (var e in City.Entities.Where(e => e.Type is EntityTypes.Building or EntityTypes.Hospital or EntityTypes.EVChargingStation or EntityTypes.PVSystem))
        {
            var bus = ids[e.Relationships["refBusbarSection"].Object];
            Assert.Equal(EntityTypes.BusbarSection, bus.Type);
            if (e.Type != EntityTypes.PVSystem)
                Assert.Equal(e.Relationships["refSubstation"].Object, bus.Relationships["refSubstation"].Object);
        }
        foreach (var hospital in City.Entities.Where(e => e.Type == EntityTypes.Hospital))
            Assert.True(ids[hospital.Relationships["refBusbarSection"].Object].Properties["critical"].Value.Number == 1, $"{hospital.Id}'s bus is critical");
    }

    [Fact]
    public void Read_back_it_solves_at_the_planning_peak_within_limits()
    {
        var grid = Grid();
        var flow = new GridPowerFlow(grid);
        var peak = grid.Buses.Select(b => b.PeakKw).ToArray();
        var state = flow.Solve(peak);
        Assert.Empty(state.Failures);
        Assert.All(state.Energised, Assert.True);
        var lowest = state.VoltagePu.Min();
        output.WriteLine($"{grid.Substations.Count} substations, {grid.Feeders.Count} feeders, {grid.Buses.Count} buses, {grid.Lines.Count} lines, " +
                         $"{grid.Switches.Count} normally-open points; peak {peak.Sum() / 1000:0.0} MW, losses {state.LossKw:0} kW, lowest {lowest:0.0000} pu, " +
                         $"feeders {state.Feeders.Min(f => f.LoadingPercent):0}–{state.Feeders.Max(f => f.LoadingPercent):0} %, " +
                         $"transformers {state.TransformerLoadingPercent.Min():0}–{state.TransformerLoadingPercent.Max():0} %");
        Assert.InRange(lowest, 0.95, 1.05);
        Assert.All(state.Feeders, f => Assert.InRange(f.LoadingPercent, 1, 100));
        Assert.All(state.TransformerLoadingPercent, l => Assert.InRange(l, 1, 100));
        // The supply balances: what the transformers carry is the load plus the losses (within a watt per bus).
        Assert.Equal(peak.Sum() + state.LossKw, state.TransformerKw.Sum(), grid.Buses.Count * 1e-3);
        Assert.All(grid.Switches, s => Assert.True(s.NormalOpen && s.Open));
        Assert.True(grid.Switches.Count >= grid.Feeders.Count / 2, $"{grid.Switches.Count} normally-open points for {grid.Feeders.Count} feeders");
    }

    [Fact]
    public void Cables_are_sized_for_what_lies_beyond_them()
    {
        Assert.Equal("3x150", StreetGrid.CableFor(1000).Size);
        Assert.Equal("3x240", StreetGrid.CableFor(3000).Size);
        Assert.Equal("3x400", StreetGrid.CableFor(4500).Size);
        Assert.Equal("3x400", StreetGrid.CableFor(4800).Size);
        var parallel = StreetGrid.CableFor(9000);
        Assert.Equal("2x(3x400)", parallel.Size);
        Assert.Equal(16000, parallel.RatedKva);
        Assert.Equal(0.039, parallel.ROhmPerKm, 12);
    }
}
