using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Traffic.Edits;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Scenarios.Running;

/// <summary>One thing to simulate: the baseline or an intervention applied to it, ready to run.</summary>
/// <param name="Notes">What applying the intervention did (trips rerouted or cancelled), for the report.</param>
public sealed record TrafficVariant(string Name, TrafficNetwork Network, TrafficDemand Demand, SignalControl Controller, IReadOnlyList<string> Notes)
{
    public const string BaselineName = "baseline";

    /// <summary>Applies <paramref name="intervention"/> (spec.interventions[<paramref name="index"/>]) to the baseline.</summary>
    public static TrafficVariant Apply(TrafficVariant baseline, InterventionSpec intervention, int index, ulong seed)
    {
        string field = $"spec.interventions[{index}]";
        var network = baseline.Network;
        var demand = baseline.Demand;
        var notes = new List<string>();

        if (intervention.Signals is { Plans.Count: > 0 } signals)
        {
            var plans = signals.Plans.Select((plan, p) => new SignalRetime(
                JunctionIndex(network, plan.Junction, $"{field}.signals.plans[{p}].junction"),
                plan.PhaseDurations, plan.CycleScale, plan.Offset)).ToArray();
            network = Guard($"{field}.signals.plans", () => SignalRetiming.Apply(network, plans));
            notes.Add($"retimed {plans.Length} signal{(plans.Length == 1 ? "" : "s")}");
        }
        if (intervention.Closures.Count > 0)
        {
            var closures = intervention.Closures.Select((c, k) => new LaneClosure(EdgeIndex(network, c.Edge, $"{field}.closures[{k}].edge"), c.Lanes)).ToArray();
            var closed = Guard($"{field}.closures", () => RoadClosures.Apply(network, demand, closures));
            (network, demand) = (closed.Network, closed.Demand);
            notes.Add($"closed {string.Join(", ", intervention.Closures.Select(Describe))}: {closed.Rerouted:N0} trips rerouted, {closed.Cancelled.Count:N0} cancelled");
        }
        if (intervention.DemandScale is double scale)
        {
            demand = Guard($"{field}.demandScale", () => DemandScaling.Apply(demand, scale, seed));
            notes.Add($"demand ×{scale:0.###}: {demand.Trips.Count:N0} trips");
        }
        var controller = intervention.Signals?.Controller is { } name ? ParseController(name, $"{field}.signals.controller") : baseline.Controller;
        if (controller != baseline.Controller) notes.Add($"controller {ControllerName(controller)}");
        return new TrafficVariant(intervention.Name, network, demand, controller, notes);
    }

    public static string ControllerName(SignalControl controller) => controller == SignalControl.MaxPressure ? "max-pressure" : "fixed-time";

    public static SignalControl ParseController(string name, string field) => name switch
    {
        "fixed-time" => SignalControl.FixedTime,
        "max-pressure" => SignalControl.MaxPressure,
        _ => throw new ScenarioInputException(field, $"'{name}' is not a controller; use fixed-time or max-pressure."),
    };

    private static string Describe(ClosureSpec c) => c.Lanes is { Count: > 0 } lanes ? $"{c.Edge} lane{(lanes.Count == 1 ? "" : "s")} {string.Join(",", lanes)}" : c.Edge;

    private static int JunctionIndex(TrafficNetwork network, string id, string field)
    {
        for (int j = 0; j < network.Junctions.Count; j++)
            if (network.Junctions[j].Id == id) return j;
        var signalised = network.Junctions.Where(j => j.Signal is not null).Select(j => j.Id).Take(5);
        throw new ScenarioInputException(field, $"no junction '{id}' in the network (signalised junctions include {string.Join(", ", signalised)}).");
    }

    private static int EdgeIndex(TrafficNetwork network, string id, string field) =>
        network.EdgeIndex.TryGetValue(id, out int e) ? e
            : throw new ScenarioInputException(field, $"no road '{id}' in the network (roads include {string.Join(", ", network.Edges.Take(5).Select(x => x.Id))}).");

    /// <summary>The edits' own argument errors, re-labelled with the spec field that caused them.</summary>
    private static T Guard<T>(string field, Func<T> edit)
    {
        try
        {
            return edit();
        }
        catch (ArgumentException e)
        {
            throw new ScenarioInputException(field, e.Message.Split(" (Parameter")[0], e);
        }
    }
}
