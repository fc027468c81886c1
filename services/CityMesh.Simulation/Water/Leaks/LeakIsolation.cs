using CityMesh.Simulation.Water.Hydraulics;

namespace CityMesh.Simulation.Water.Leaks;

/// <summary>How isolation is judged.</summary>
/// <param name="ServicePressure">The least pressure (m) a customer is served at; below it, affected.</param>
/// <param name="Hours">Hours ahead solved as one extended period (tanks drain and fill): a customer is affected if at any of them.</param>
/// <param name="Start">The time of day the period starts, seconds after midnight (the patterns' clock).</param>
/// <param name="TankLevels">Tanks' levels at the start, m, by tank id; those not given start at their initial level.</param>
public sealed record IsolationOptions(double ServicePressure = 20, int Hours = 24, long Start = 0, IReadOnlyDictionary<string, double>? TankLevels = null);

/// <summary>A junction a closure leaves short: its worst pressure (m; 0 when cut off), its mean demand (L/s) and whether no open way reaches a source.</summary>
public sealed record AffectedJunction(string Id, double Pressure, double DemandLitres, bool CutOff);

/// <summary>
/// The evidence for closing valves to isolate a leaking pipe: the links closed, the junctions left below the service
/// pressure or cut off (each with its demand, the count's basis), and their total demand (L/s).
/// </summary>
public sealed record IsolationEvidence(string Pipe, IReadOnlyList<string> Closed, double ServicePressure, IReadOnlyList<AffectedJunction> Affected, double AffectedDemandLitres);

/// <summary>A line of a crew's list: the pipe, its length (m), its middle (the network's coordinates), the flow a leak there would have (L/s), its fit and distance from the first (m).</summary>
public sealed record CrewStop(string Pipe, double Length, double? X, double? Y, double LeakFlowLitres, double Fit, double FromFirst);

/// <summary>
/// Proposals for governance once a leak is located: the crew's list (the ranked pipes with where to go), and for a
/// pipe, what closing it would cost the customers. A pipe is isolated by closing it and any valve the network models
/// at either of its ends; the network is then solved hour by hour with those closed (junctions with no open way to a
/// reservoir or tank taken out first: they are cut off, their demand unserved), and every junction that was served
/// at the service pressure without the closure but falls below it with it, at some hour, is affected.
/// </summary>
public static class LeakIsolation
{
    /// <summary>The links to close to take <paramref name="pipe"/> out: the pipe, and valves at its ends.</summary>
    public static IReadOnlyList<string> LinksToClose(WaterNetwork network, string pipe)
    {
        var p = network.Pipes.FirstOrDefault(x => x.Id == pipe) ?? throw new ArgumentException($"no pipe '{pipe}' in the network", nameof(pipe));
        return [p.Id, .. network.Valves.Where(v => v.From == p.From || v.From == p.To || v.To == p.From || v.To == p.To).Select(v => v.Id)];
    }

    public static IsolationEvidence Evaluate(WaterNetwork network, string pipe, IsolationOptions? options = null)
    {
        var o = options ?? new IsolationOptions();
        if (!(o.ServicePressure >= 0)) throw new ArgumentOutOfRangeException(nameof(options), o.ServicePressure, "IsolationOptions.ServicePressure: 0 m or more");
        if (o.Hours < 1 || o.Hours > 168) throw new ArgumentOutOfRangeException(nameof(options), o.Hours, "IsolationOptions.Hours: 1 to 168");
        var closed = LinksToClose(network, pipe).ToHashSet(StringComparer.Ordinal);
        var cutOff = CutOff(network, closed);
        // The closed network without its cut-off part: a solver cannot hold heads where no source reaches.
        var isolated = network with
        {
            Junctions = [.. network.Junctions.Where(j => !cutOff.Contains(j.Id))],
            Pipes = [.. network.Pipes.Where(p => !Touches(p.From, p.To, cutOff)).Select(p => closed.Contains(p.Id) ? p with { Status = LinkStatus.Closed } : p)],
            Pumps = [.. network.Pumps.Where(p => !Touches(p.From, p.To, cutOff))],
            Valves = [.. network.Valves.Where(v => !Touches(v.From, v.To, cutOff)).Select(v => closed.Contains(v.Id) ? v with { Status = LinkStatus.Closed } : v)],
            Controls = [.. network.Controls.Where(c => !closed.Contains(c.Link) && !cutOff.Contains(c.Node ?? ""))],
        };
        var before = WorstPressures(network, o, out var demand);
        var after = WorstPressures(isolated, o, out _);
        var affected = new List<AffectedJunction>();
        foreach (var j in network.Junctions)
        {
            if (cutOff.Contains(j.Id)) { affected.Add(new AffectedJunction(j.Id, 0, demand[j.Id] * 1e3, true)); continue; }
            if (before[j.Id] >= o.ServicePressure && after[j.Id] < o.ServicePressure)
                affected.Add(new AffectedJunction(j.Id, after[j.Id], demand[j.Id] * 1e3, false));
        }
        return new IsolationEvidence(pipe, [.. closed.Order(StringComparer.Ordinal)], o.ServicePressure, affected, affected.Sum(a => a.DemandLitres));
    }

    /// <summary>The ranked candidates as a crew's list.</summary>
    public static IReadOnlyList<CrewStop> CrewList(WaterNetwork network, IReadOnlyList<LeakCandidate> candidates)
    {
        var pipes = network.Pipes.ToDictionary(p => p.Id, StringComparer.Ordinal);
        return [.. candidates.Select(c =>
        {
            var p = pipes.TryGetValue(c.Pipe, out var x) ? x : throw new ArgumentException($"no pipe '{c.Pipe}' in the network", nameof(candidates));
            bool placed = network.Coordinates.TryGetValue(p.From, out var a) & network.Coordinates.TryGetValue(p.To, out var b);
            return new CrewStop(p.Id, p.Length, placed ? (a.X + b.X) / 2 : null, placed ? (a.Y + b.Y) / 2 : null, c.LeakFlow * 1e3, c.Fit, c.FromFirst);
        })];
    }

    private static bool Touches(string from, string to, HashSet<string> nodes) => nodes.Contains(from) || nodes.Contains(to);

    /// <summary>Junctions no open link path joins to a reservoir or tank once <paramref name="closed"/> are shut.</summary>
    private static HashSet<string> CutOff(WaterNetwork network, HashSet<string> closed)
    {
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string a, string b)
        {
            if (!edges.TryGetValue(a, out var l)) edges[a] = l = [];
            l.Add(b);
            if (!edges.TryGetValue(b, out var m)) edges[b] = m = [];
            m.Add(a);
        }
        foreach (var p in network.Pipes) if (p.Status != LinkStatus.Closed && !closed.Contains(p.Id)) Add(p.From, p.To);
        foreach (var p in network.Pumps) if (p.Status != LinkStatus.Closed && !closed.Contains(p.Id)) Add(p.From, p.To);
        foreach (var v in network.Valves) if (v.Status != LinkStatus.Closed && !closed.Contains(v.Id)) Add(v.From, v.To);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(network.Reservoirs.Select(r => r.Id).Concat(network.Tanks.Select(t => t.Id)));
        foreach (var s in queue) reached.Add(s);
        while (queue.TryDequeue(out var node))
            if (edges.TryGetValue(node, out var next))
                foreach (var n in next) if (reached.Add(n)) queue.Enqueue(n);
        return [.. network.Junctions.Where(j => !reached.Contains(j.Id)).Select(j => j.Id)];
    }

    /// <summary>
    /// Each junction's lowest pressure over the hours (m), and its mean demand over them (m³/s): one extended period from
    /// the start, so a tower left to feed the city alone drains as it would.
    /// </summary>
    private static Dictionary<string, double> WorstPressures(WaterNetwork network, IsolationOptions o, out Dictionary<string, double> demand)
    {
        var simulation = new HydraulicSimulation(network);
        var worst = network.Junctions.ToDictionary(j => j.Id, _ => double.PositiveInfinity, StringComparer.Ordinal);
        demand = network.Junctions.ToDictionary(j => j.Id, _ => 0.0, StringComparer.Ordinal);
        var step = simulation.Begin(o.Start, o.TankLevels);
        for (int h = 0; h < o.Hours; h++)
        {
            if (h > 0) step = simulation.Advance(3600);
            for (int j = 0; j < network.Junctions.Count; j++)
            {
                var id = network.Junctions[j].Id;
                worst[id] = Math.Min(worst[id], step.Head[j] - network.Junctions[j].Elevation);
                demand[id] += step.Outflow[j] / o.Hours;
            }
        }
        return worst;
    }
}
