using CityMesh.Simulation.Traffic.Model;
using CityMesh.Transport.Network;

namespace CityMesh.Transport.Retiming;

/// <summary>
/// Webster's method from observed flows. Each movement's flow is its approach's detector flow split over the onward
/// roads in proportion to their own flows (no turning counts exist); a phase's flow ratio y is the largest, over the
/// approaches it serves, of that approach's flow in the phase per lane it uses, over the saturation flow. A movement
/// green in k phases counts 1/k in each (phase sets like CityFlow's serve each movement twice). Then
/// C₀ = (1.5 L + 5) / (1 − Y), and the effective green C₀ − L is shared in proportion to y, no phase below the
/// minimum green. Clearance phases (right turns only) keep their length and count as lost time.
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
        var cycle = Math.Clamp(optimal * cycleScale, Math.Max(options.MinCycle, floor), Math.Max(options.MaxCycle, floor));

        var effective = cycle - lost;
        var durations = new double[plan.Phases.Count];
        // Give minimum greens first, then share what is left by y among the phases above the minimum.
        var free = Enumerable.Range(0, durations.Length).Where(p => !SignalPlan.IsClearance(plan.Phases[p])).ToHashSet();
        while (true)
        {
            var share = y > 0 ? free.Sum(p => ratios[p]) : free.Count;
            var left = effective - (greenPhases.Count - free.Count) * options.MinGreen;
            var pinned = free.Where(p => left * (y > 0 ? ratios[p] : 1) / share < options.MinGreen).ToList();
            if (pinned.Count == 0 || pinned.Count == free.Count)
            {
                foreach (var p in Enumerable.Range(0, durations.Length))
                    durations[p] = SignalPlan.IsClearance(plan.Phases[p]) ? plan.Phases[p].Duration
                        : Math.Round((free.Contains(p) && share > 0 ? Math.Max(options.MinGreen, left * (y > 0 ? ratios[p] : 1) / share) : options.MinGreen) + options.LostTimePerPhase);
                break;
            }
            free.ExceptWith(pinned);
        }
        return new Result(durations, Math.Round(optimal, 1), Math.Round(y, 4), [.. ratios.Select(r => Math.Round(r, 4))]);
    }

    private static string Local(TransportNetwork network, string roadEntityId) =>
        network.LocalId(roadEntityId, Twin.Model.EntityTypes.RoadSegment) ?? roadEntityId;

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
