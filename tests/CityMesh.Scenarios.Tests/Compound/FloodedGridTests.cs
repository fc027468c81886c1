using CityMesh.Scenarios.Running.Compound;
using CityMesh.Scenarios.Running.Energy;
using CityMesh.Scenarios.Tests.Energy;

namespace CityMesh.Scenarios.Tests.Compound;

/// <summary>
/// Flooded buses on the Baran &amp; Wu 33-bus feeder (a chain 1–18 with laterals, normally-open ties 8-21, 9-15, 12-22,
/// 18-33 and 25-29), where what each flood cuts off can be read from the one-line diagram.
/// </summary>
public sealed class FloodedGridTests
{
    private static readonly EnergyGrid Grid = EnergyCase.Grid(EnergyCase.Day);

    private static IReadOnlyList<int> CutOff(params int[] flooded) =>
        [.. GridState.Isolating(Grid, flooded.Select(Grid.BusIndex).ToHashSet(), "test").CutOff.Select(i => Grid.Power.Buses[i].Id).Order()];

    /// <summary>Bus 17 under water: 18 beyond it would be cut off, but the tie 18-33 takes it, so only 17 goes.</summary>
    [Fact]
    public void A_tie_takes_what_only_the_flooded_bus_fed()
    {
        Assert.Equal([17], CutOff(17));
    }

    /// <summary>Bus 18 under water: the tie 18-33 would close onto it, so it stays open, and only 18 goes.</summary>
    [Fact]
    public void A_tie_never_closes_onto_a_flooded_bus()
    {
        var state = GridState.Isolating(Grid, new HashSet<int> { Grid.BusIndex(18) }, "test");
        Assert.Equal([18], state.CutOff.Select(i => Grid.Power.Buses[i].Id));
        Assert.False(state.InService[Grid.BranchIndex(18, 33)]);
    }

    /// <summary>No flooded bus: one normal state over the whole run; buses flooding later start a state at their interval.</summary>
    [Fact]
    public void The_states_follow_the_water_and_are_normal_without_it()
    {
        var dry = FloodedGrid.Segments(Grid, [], 12, 0.25);
        var normal = Assert.Single(dry);
        Assert.Equal((0, 12), (normal.From, normal.To));
        Assert.Empty(normal.State.CutOff);

        var wet = FloodedGrid.Segments(Grid, [new FloodedBus(Grid.BusIndex(17), 1800, "kiosk 17"), new FloodedBus(Grid.BusIndex(18), 2700, "kiosk 18")], 12, 0.25);
        Assert.Equal([(0, 2), (2, 3), (3, 12)], wet.Select(s => (s.From, s.To)));
        Assert.Equal([0, 1, 2], wet.Select(s => s.State.CutOff.Count));
    }
}
