using CityMesh.Simulation.Traffic.Model;
using CityMesh.Transport.Network;

namespace CityMesh.Transport.Retiming;

/// <summary>
/// Webster's method from observed flows. Each movement's flow is its approach's detector flow split over the onward
/// roads in proportion to their own flows (no turning counts exist); a phase's flow ratio y is the largest, over the
/// approaches it serves, of that approach's flow in the phase per lane it uses, over the saturation flow. A movement
/// green in k phases counts 1/k in each (phase sets like CityFlow's serve each movement twice). Then
/// C₀ = (1.5 L + 5) / (1 − Y), and the effective green C₀ − L is shared in proportion to y, no phase below the
/// minimum green; when the minimums do not fit in C₀ (plans of many short phases), the cycle holds the minimums plus
/// C₀ − L shared by y. Clearance phases (right turns only) keep their length and count as lost time.
/// </summary>
public static class WebsterPlanner
{
    /// <summary>A Webster plan's phase durations (s), in the plan's phase order, and its flow ratios.</summary>
    public sealed record Result(IReadOnlyList<double> Durations, double OptimalCycle, double FlowRatioSum, IReadOnlyList<double> FlowRatios);

    /// <param name="cycleScale">Multiplies Webster's optimal cycle (1 = the optimum), to try shorter and longer cycles.</param>
    public static Result Plan(SignalPlan plan, TransportNetwork network, RetimingOptions options, double cycleScale = 1)
    {
        var roads = network.Roads;
        var junction = roads.Junctions.Select((j, i) => (j, i)).First(p => p.j.Id == plan.Junction).i;
        var lanes = MovementLanes(roads, junction);
        var flows = MovementFlows(network, lanes.Keys);

        var greenPhases = plan.Phases.Where(p => !SignalPlan.IsClearance(p)).ToList();
        var servedBy = new Dictionary<(string, string), int>();
        foreach (var phase in greenPhases)
            foreach (var m in phase.Movements)
                servedBy[(Local(network, m.From), Local(network, m.To))] = servedBy.GetValueOrDefault((Local(network, m.From), Local(network, m.To))) + 1;

        var ratios = new double[plan.Phases.Count];
        for (var p = 0; p < plan.Phases.Count; p++)
        {
            if (SignalPlan.IsClearance(plan.Phases[p])) continue;
            foreach (var approach in plan.Phases[p].Movements.GroupBy(m => Local(network, m.From)))
            {
                double flow = 0;
                var usedLanes = new HashSet<int>();
                foreach (var m in approach)
                {
                    var key = (approach.Key, Local(network, m.To));
                    flow += flows.GetValueOrDefault(key) / Math.Max(1, servedBy.GetValueOrDefault(key));
                    if (lanes.TryGetValue(key, out var l)) usedLanes.UnionWith(l);
                }
                ratios[p] = Math.Max(ratios[p], flow / (Math.Max(1, usedLanes.Count) * options.SaturationFlowPerLane));
            }
        }

        var clearance = plan.Phases.Where(SignalPlan.IsClearance).Sum(p => p.Duration);
        var lost = clearance + options.LostTimePerPhase * greenPhases.Count;
        var y = ratios.Sum();
        var optimal = y < 0.95 ? (1.5 * lost + 5) / (1 - y) : options.MaxCycle;
        var floor = lost + options.MinGreen * greenPhases.Count;
        var target = Math.Min(optimal * cycleScale, options.MaxCycle);
        var durations = new double[plan.Phases.Count];
        for (var p = 0; p < durations.Length; p++) durations[p] = SignalPlan.IsClearance(plan.Phases[p]) ? plan.Phases[p].Duration : options.MinGreen;
        if (target < floor)
        {
            // The minimum greens do not fit in Webster's cycle (many short phases): the cycle grows to hold them plus
            // Webster's effective green, which is shared by flow ratio on top of the minimums.
            var effective = Math.Max(0, Math.Min(target, options.MaxCycle) - lost);
            Share(effective, Enumerable.Range(0, durations.Length).Where(p => !SignalPlan.IsClearance(plan.Phases[p])).ToList(), ratios, durations, onTop: true);
        }
        else
        {
            // Webster proper: the effective green C − L by flow ratio; a phase that would fall below the minimum is
            // pinned there and the rest is shared again among the others.
            var effective = Math.Max(target, options.MinCycle) - lost;
            var free = Enumerable.Range(0, durations.Length).Where(p => !SignalPlan.IsClearance(plan.Phases[p])).ToList();
            while (true)
            {
                var left = effective - (greenPhases.Count - free.Count) * options.MinGreen;
                var share = free.Sum(p => ratios[p]);
                var pinned = share > 0 ? free.Where(p => left * ratios[p] / share < options.MinGreen).ToList() : [];
                if (pinned.Count == 0 || pinned.Count == free.Count)
                {
                    Share(left, free, ratios, durations, onTop: false);
                    break;
                }
                free = [.. free.Except(pinned)];
            }
        }
        for (var p = 0; p < durations.Length; p++)
            if (!SignalPlan.IsClearance(plan.Phases[p])) durations[p] = Math.Round(Math.Max(options.MinGreen, durations[p]) + options.LostTimePerPhase);
        return new Result(durations, Math.Round(optimal, 1), Math.Round(y, 4), [.. ratios.Select(r => Math.Round(r, 4))]);
    }

    /// <summary>Shares <paramref name="green"/> seconds among <paramref name="phases"/> by flow ratio (equally when none flows).</summary>
    private static void Share(double green, List<int> phases, double[] ratios, double[] durations, bool onTop)
    {
        var total = phases.Sum(p => ratios[p]);
        foreach (var p in phases)
        {
            var part = total > 0 ? green * ratios[p] / total : green / Math.Max(1, phases.Count);
            durations[p] = onTop ? durations[p] + part : part;
        }
    }

    private static string Local(TransportNetwork network, string roadEntityId) =>
        network.LocalId(roadEntityId, Contracts.Twin.EntityTypes.RoadSegment) ?? roadEntityId;

    /// <summary>The lanes of the approach each movement (from road, to road) uses at a junction.</summary>
    private static Dictionary<(string From, string To), HashSet<int>> MovementLanes(TrafficNetwork roads, int junction)
    {
        var lanes = new Dictionary<(string, string), HashSet<int>>();
        foreach (var c in roads.Connections)
        {
            if (c.Junction != junction) continue;
            var key = (roads.Edges[roads.Lanes[c.FromLane].Edge].Id, roads.Edges[roads.Lanes[c.ToLane].Edge].Id);
            if (!lanes.TryGetValue(key, out var set)) lanes[key] = set = [];
            set.Add(c.FromLane);
        }
        return lanes;
    }

    /// <summary>Each movement's share of its approach's flow, in proportion to the onward roads' observed flows.</summary>
    private static Dictionary<(string From, string To), double> MovementFlows(TransportNetwork network, IEnumerable<(string From, string To)> movements)
    {
        double Flow(string road) => network.Readings.TryGetValue(road, out var r) && r.FlowPerHour is { } f ? f : 0;
        var flows = new Dictionary<(string, string), double>();
        foreach (var approach in movements.GroupBy(m => m.From))
        {
            var onward = approach.Select(m => (m.To, Weight: Math.Max(1, Flow(m.To)))).ToList();
            var total = onward.Sum(o => o.Weight);
            foreach (var (to, weight) in onward) flows[(approach.Key, to)] = Flow(approach.Key) * weight / total;
        }
        return flows;
    }
}
