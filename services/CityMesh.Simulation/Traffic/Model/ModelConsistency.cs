namespace CityMesh.Simulation.Traffic.Model;

/// <summary>
/// What every network and demand the importers return must satisfy for the engine to size and index its arrays:
/// indices in range, lengths, speeds and times finite and positive where they divide, signal programmes whose cycle
/// has a length and whose states cover their links. The importers refuse anything else with a message about the
/// file; these checks say what an accepted model looks like, for tests and for models built in code.
/// </summary>
public static class ModelConsistency
{
    private const string SignalLetters = "ruyYgGsoO";

    /// <returns>Every problem found, each naming the item; empty when the network is consistent.</returns>
    public static IReadOnlyList<string> Problems(this TrafficNetwork network)
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok) problems.Add(problem);
        }
        bool Index(int i, int count) => i >= 0 && i < count;

        for (var l = 0; l < network.Lanes.Count; l++)
        {
            var lane = network.Lanes[l];
            Check(Index(lane.Edge, network.Edges.Count), $"lane '{lane.Id}' belongs to edge {lane.Edge}, which does not exist");
            Check(double.IsFinite(lane.Length) && lane.Length > 0, $"lane '{lane.Id}' has length {lane.Length}");
            Check(double.IsFinite(lane.SpeedLimit) && lane.SpeedLimit > 0, $"lane '{lane.Id}' has speed limit {lane.SpeedLimit}");
            Check(lane.Shape.Count >= 2 && lane.Shape.All(p => double.IsFinite(p.X) && double.IsFinite(p.Y)), $"lane '{lane.Id}' has a bad shape");
        }
        Check(network.Lanes.Select(l => l.Id).Distinct(StringComparer.Ordinal).Count() == network.Lanes.Count, "lane ids are not unique");
        Check(network.Edges.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count() == network.Edges.Count, "edge ids are not unique");
        Check(network.Junctions.Select(j => j.Id).Distinct(StringComparer.Ordinal).Count() == network.Junctions.Count, "junction ids are not unique");
        for (var e = 0; e < network.Edges.Count; e++)
        {
            var edge = network.Edges[e];
            Check(Index(edge.From, network.Junctions.Count) && Index(edge.To, network.Junctions.Count), $"edge '{edge.Id}' joins junctions that do not exist");
            Check(edge.Lanes.Count > 0, $"edge '{edge.Id}' has no lanes");
            Check(edge.Lanes.All(l => Index(l, network.Lanes.Count) && network.Lanes[l].Edge == e), $"edge '{edge.Id}' lists lanes not its own");
            Check(edge.Lanes.Select(l => Index(l, network.Lanes.Count) ? network.Lanes[l].IndexOnEdge : -1).Order().SequenceEqual(Enumerable.Range(0, edge.Lanes.Count)),
                $"edge '{edge.Id}' numbers its lanes other than 0..{edge.Lanes.Count - 1}");
            Check(double.IsFinite(edge.Length) && edge.Length > 0, $"edge '{edge.Id}' has length {edge.Length}");
            Check(double.IsFinite(edge.SpeedLimit) && edge.SpeedLimit > 0, $"edge '{edge.Id}' has speed limit {edge.SpeedLimit}");
        }
        foreach (var junction in network.Junctions)
        {
            Check(double.IsFinite(junction.Position.X) && double.IsFinite(junction.Position.Y), $"junction '{junction.Id}' has a position that is not finite");
            Check(junction.Signal is null || Index(junction.Signal.Value, network.Signals.Count), $"junction '{junction.Id}' names a signal that does not exist");
        }
        for (var c = 0; c < network.Connections.Count; c++)
        {
            var link = network.Connections[c];
            Check(Index(link.FromLane, network.Lanes.Count) && Index(link.ToLane, network.Lanes.Count), $"connection {c} joins lanes that do not exist");
            Check(Index(link.Junction, network.Junctions.Count), $"connection {c} is at a junction that does not exist");
            Check(double.IsFinite(link.Via) && link.Via >= 0, $"connection {c} has via {link.Via}");
            Check(link.Foes.All(f => Index(f, network.Connections.Count)), $"connection {c} yields to connections that do not exist");
            if (link.Signal is { } s)
                Check(Index(s, network.Signals.Count) && network.Signals[s].Phases.All(p => Index(link.LinkIndex, p.State.Length)),
                    $"connection {c} has link index {link.LinkIndex} outside its signal's states");
        }
        foreach (var signal in network.Signals)
        {
            Check(Index(signal.Junction, network.Junctions.Count), $"signal '{signal.Id}' is at a junction that does not exist");
            Check(double.IsFinite(signal.Offset), $"signal '{signal.Id}' has offset {signal.Offset}");
            Check(signal.Phases.Count > 0 && double.IsFinite(signal.Cycle) && signal.Cycle > 0, $"signal '{signal.Id}' has a cycle of {signal.Cycle} s");
            Check(signal.Phases.All(p => double.IsFinite(p.Duration) && p.Duration >= 0), $"signal '{signal.Id}' has a phase of no finite duration");
            Check(signal.Phases.All(p => p.State.All(SignalLetters.Contains)), $"signal '{signal.Id}' has a state letter outside {SignalLetters}");
        }
        return problems;
    }

    /// <returns>Every problem of the demand on <paramref name="network"/>; empty when it is consistent.</returns>
    public static IReadOnlyList<string> Problems(this TrafficDemand demand, TrafficNetwork network)
    {
        var problems = new List<string>();
        foreach (var type in demand.Types)
        {
            double[] positive = [type.Accel, type.Decel, type.EmergencyDecel, type.Length, type.MaxSpeed, type.Tau, type.SpeedFactor];
            if (!positive.All(v => double.IsFinite(v) && v > 0) || !(type.MinGap >= 0) || !(type.Sigma is >= 0 and <= 1) || !(type.SpeedDev >= 0))
                problems.Add($"vehicle type '{type.Id}' has a parameter out of range");
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trip in demand.Trips)
        {
            if (!ids.Add(trip.Id)) problems.Add($"trip id '{trip.Id}' is not unique");
            if (trip.Type < 0 || trip.Type >= demand.Types.Count) problems.Add($"trip '{trip.Id}' has type {trip.Type}, which does not exist");
            if (!double.IsFinite(trip.Depart) || trip.Depart < 0) problems.Add($"trip '{trip.Id}' departs at {trip.Depart}");
            if (trip.Route.Count == 0 || trip.Route.Any(e => e < 0 || e >= network.Edges.Count))
            {
                problems.Add($"trip '{trip.Id}' has a route with edges that do not exist");
                continue;
            }
            if (trip.DepartLane is { } lane && (lane < 0 || lane >= network.Edges[trip.Route[0]].Lanes.Count))
                problems.Add($"trip '{trip.Id}' departs on lane {lane}, which its first edge does not have");
            if (trip.DepartSpeed is { } speed && !(double.IsFinite(speed) && speed >= 0)) problems.Add($"trip '{trip.Id}' departs at speed {speed}");
            if (trip.DepartPos is { } from && from != Trip.BehindLast && !(from >= 0 && from <= network.Edges[trip.Route[0]].Length)) problems.Add($"trip '{trip.Id}' departs at {from} m, off its first edge");
            if (trip.ArrivalPos is { } to && !(to >= 0 && to <= network.Edges[trip.Route[^1]].Length)) problems.Add($"trip '{trip.Id}' arrives at {to} m, off its last edge");
        }
        return problems;
    }
}
