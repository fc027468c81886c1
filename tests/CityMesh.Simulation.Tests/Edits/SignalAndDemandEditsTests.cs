using CityMesh.Simulation.Traffic.Edits;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Edits;

public class SignalAndDemandEditsTests
{
    private static readonly TrafficNetwork Grid = GridNetworkGenerator.Build(3);
    private static readonly TrafficDemand Demand = GridDemandGenerator.Build(Grid, 1000, 600, seed: 9);

    private static int SignalisedJunction() => Enumerable.Range(0, Grid.Junctions.Count).First(j => Grid.Junctions[j].Signal is not null);

    [Fact]
    public void Phase_durations_replace_the_programme_one_for_one()
    {
        int j = SignalisedJunction();
        var program = Grid.Signals[Grid.Junctions[j].Signal!.Value];
        var durations = program.Phases.Select((_, i) => 10.0 + i).ToArray();
        var retimed = SignalRetiming.Apply(Grid, [new SignalRetime(j, PhaseDurations: durations, Offset: 7)]);
        var after = retimed.Signals[Grid.Junctions[j].Signal!.Value];
        Assert.Equal(durations, after.Phases.Select(p => p.Duration));
        Assert.Equal(program.Phases.Select(p => p.State), after.Phases.Select(p => p.State));
        Assert.Equal(7, after.Offset);
        Assert.Equal(program, Grid.Signals[Grid.Junctions[j].Signal!.Value]);
    }

    [Fact]
    public void A_cycle_scale_stretches_greens_and_keeps_clearances()
    {
        int j = SignalisedJunction();
        var program = Grid.Signals[Grid.Junctions[j].Signal!.Value];
        var after = SignalRetiming.Apply(Grid, [new SignalRetime(j, CycleScale: 1.5)]).Signals[Grid.Junctions[j].Signal!.Value];
        for (int p = 0; p < program.Phases.Count; p++)
        {
            bool green = program.Phases[p].State.AsSpan().IndexOfAny('G', 'g') >= 0;
            Assert.Equal(green ? Math.Max(1, Math.Round(program.Phases[p].Duration * 1.5)) : program.Phases[p].Duration, after.Phases[p].Duration);
        }
        Assert.Contains(program.Phases, p => p.State.Contains('y'));
    }

    [Fact]
    public void Retiming_refuses_a_wrong_phase_count_and_an_unsignalised_junction()
    {
        int j = SignalisedJunction();
        Assert.Contains("phase durations given", Assert.Throws<ArgumentException>(() => SignalRetiming.Apply(Grid, [new SignalRetime(j, PhaseDurations: [30])])).Message);
        int plain = Enumerable.Range(0, Grid.Junctions.Count).First(k => Grid.Junctions[k].Signal is null);
        Assert.Contains("no traffic light", Assert.Throws<ArgumentException>(() => SignalRetiming.Apply(Grid, [new SignalRetime(plain, CycleScale: 2)])).Message);
    }

    [Fact]
    public void Demand_scaling_is_deterministic_for_a_seed_and_scales_the_count()
    {
        var half = DemandScaling.Apply(Demand, 0.5, 11);
        Assert.Equal(half.Trips.Select(t => t.Id), DemandScaling.Apply(Demand, 0.5, 11).Trips.Select(t => t.Id));
        Assert.NotEqual(half.Trips.Select(t => t.Id), DemandScaling.Apply(Demand, 0.5, 12).Trips.Select(t => t.Id));
        Assert.InRange(half.Trips.Count, 420, 580); // binomial(1000, 0.5): ±5 standard deviations

        var doubled = DemandScaling.Apply(Demand, 2, 11);
        Assert.Equal(2 * Demand.Trips.Count, doubled.Trips.Count);
        Assert.Equal(doubled.Trips.Count, doubled.Trips.Select(t => t.Id).Distinct().Count());
        Assert.All(doubled.Trips.Where(t => t.Id.Contains('#')), copy =>
        {
            var original = Demand.Trips.Single(t => t.Id == copy.Id[..copy.Id.IndexOf('#')]);
            Assert.Equal(original.Route, copy.Route);
            Assert.InRange(copy.Depart - original.Depart, 0, DemandScaling.CopySpread);
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => DemandScaling.Apply(Demand, 0, 1));
    }
}
