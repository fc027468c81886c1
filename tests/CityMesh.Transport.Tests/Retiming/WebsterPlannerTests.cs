using CityMesh.Transport.Retiming;
using CityMesh.Transport.Tests.Support;

namespace CityMesh.Transport.Tests.Retiming;

public sealed class WebsterPlannerTests
{
    private readonly RetimingOptions _options = new();

    [Fact]
    public void The_plan_follows_Websters_cycle_and_shares_green_by_flow_ratio()
    {
        // Heavy east–west traffic (roads along rows, road_x_y_0 and road_x_y_2), light north–south.
        var network = JinanTwin.Network(road => road.EndsWith("_0", StringComparison.Ordinal) || road.EndsWith("_2", StringComparison.Ordinal) ? 1400 : 150);
        var plan = SignalPlan.At(network, "intersection_1_1")!;
        var result = WebsterPlanner.Plan(plan, network, _options);

        Assert.Equal(plan.Phases.Count, result.Durations.Count);
        var clearance = Enumerable.Range(0, plan.Phases.Count).Where(p => SignalPlan.IsClearance(plan.Phases[p])).ToList();
        Assert.NotEmpty(clearance);
        foreach (var p in clearance) Assert.Equal(plan.Phases[p].Duration, result.Durations[p]);
        var greens = Enumerable.Range(0, plan.Phases.Count).Except(clearance).ToList();
        Assert.All(greens, p => Assert.True(result.Durations[p] >= _options.MinGreen + _options.LostTimePerPhase - 0.5));

        // C₀ = (1.5 L + 5) / (1 − Y), L = clearance + lost time per green phase.
        var lost = clearance.Sum(p => plan.Phases[p].Duration) + _options.LostTimePerPhase * greens.Count;
        Assert.InRange(result.FlowRatioSum, 0.05, 0.9);
        Assert.Equal(Math.Round((1.5 * lost + 5) / (1 - result.FlowRatioSum), 1), result.OptimalCycle);
        // The cycle is the optimum within bounds, or longer where minimum greens need it; rounding moves it a second per phase.
        var expected = Math.Clamp(result.OptimalCycle, _options.MinCycle, _options.MaxCycle);
        Assert.True(result.Durations.Sum() >= expected - greens.Count, $"cycle {result.Durations.Sum()} s, Webster {result.OptimalCycle} s");
        Assert.True(result.Durations.Sum() <= Math.Max(expected, lost + greens.Count * _options.MinGreen) + greens.Count * (_options.MinGreen + 1), $"cycle {result.Durations.Sum()} s, Webster {result.OptimalCycle} s");

        // The phase with the largest flow ratio gets the longest green.
        var busiest = greens.MaxBy(p => result.FlowRatios[p]);
        var quietest = greens.MinBy(p => result.FlowRatios[p]);
        Assert.True(result.FlowRatios[busiest] > result.FlowRatios[quietest]);
        Assert.True(result.Durations[busiest] > result.Durations[quietest], $"{result.Durations[busiest]} s vs {result.Durations[quietest]} s; durations {string.Join(",", result.Durations)}; ratios {string.Join(",", result.FlowRatios)}; Y {result.FlowRatioSum}; C0 {result.OptimalCycle}");
    }

    [Fact]
    public void Oversaturated_flows_take_the_longest_cycle_and_shorter_scales_shorten_it()
    {
        var network = JinanTwin.Network(_ => 2500);
        var plan = SignalPlan.At(network, "intersection_1_1")!;
        var full = WebsterPlanner.Plan(plan, network, _options);
        Assert.True(full.FlowRatioSum >= 0.95);
        Assert.InRange(full.Durations.Sum(), _options.MaxCycle - 9, _options.MaxCycle + 9);
        var shorter = WebsterPlanner.Plan(plan, network, _options, cycleScale: 0.6);
        Assert.True(shorter.Durations.Sum() < full.Durations.Sum() - 30);
    }

    [Fact]
    public void No_flow_at_all_gives_every_green_phase_the_same_time()
    {
        var network = JinanTwin.Network(_ => 0);
        var plan = SignalPlan.At(network, "intersection_1_1")!;
        var result = WebsterPlanner.Plan(plan, network, _options);
        var greens = Enumerable.Range(0, plan.Phases.Count).Where(p => !SignalPlan.IsClearance(plan.Phases[p])).Select(p => result.Durations[p]).Distinct();
        Assert.Single(greens);
    }
}
