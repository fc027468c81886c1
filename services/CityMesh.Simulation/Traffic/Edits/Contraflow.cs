using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Edits;

/// <summary>
/// Contraflow: a road run one way out. The opposite road (the edge between the same junctions the other way) is
/// closed, and as many lanes as it had are added to the road on its left, each a copy of the road's leftmost lane:
/// its shape and limits, and every link into and out of that lane repeated for it (under the same signal index, with
/// the same foes, and a foe wherever the original is one). The closure then goes through <see cref="RoadClosures"/>,
/// so the trips that used the opposite road are rerouted or cancelled as for any closure.
/// </summary>
public static class Contraflow
{
    public static ClosedRoads Apply(TrafficNetwork network, TrafficDemand demand, IReadOnlyCollection<int> edges)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(edges);
        var lanes = network.Lanes.ToList();
        var roads = network.Edges.ToList();
        var connections = network.Connections.ToList();
        var opposites = new List<LaneClosure>();
        foreach (int e in edges.Distinct())
        {
            if ((uint)e >= (uint)roads.Count)
                throw new ArgumentOutOfRangeException(nameof(edges), e, $"No edge {e}; the network has {roads.Count}.");
            var edge = roads[e];
            int opposite = Enumerable.Range(0, roads.Count).FirstOrDefault(r => roads[r].From == edge.To && roads[r].To == edge.From, -1);
            if (opposite < 0)
                throw new ArgumentException($"Road '{edge.Id}' has no opposite road (from junction {network.Junctions[edge.To].Id} to {network.Junctions[edge.From].Id}) to take lanes from.", nameof(edges));
            if (edges.Contains(opposite))
                throw new ArgumentException($"Roads '{edge.Id}' and '{roads[opposite].Id}' are each other's opposite: contraflow runs a street one way.", nameof(edges));
            opposites.Add(new LaneClosure(opposite));
            int leftmost = edge.Lanes[^1];
            var added = new List<int>();
            for (int k = 0; k < roads[opposite].Lanes.Count; k++)
            {
                added.Add(lanes.Count);
                lanes.Add(lanes[leftmost] with { Id = $"{edge.Id}_contraflow{k}", IndexOnEdge = edge.Lanes.Count + k });
            }
            roads[e] = edge with { Lanes = [.. edge.Lanes, .. added] };
            Repeat(connections, leftmost, added);
        }
        var widened = network with { Edges = roads, Lanes = lanes, Connections = connections };
        return RoadClosures.Apply(widened, demand, opposites);
    }

    /// <summary>Every link into or out of <paramref name="lane"/> again for each copy, foes included both ways.</summary>
    private static void Repeat(List<Connection> connections, int lane, IReadOnlyList<int> copies)
    {
        int before = connections.Count;
        var copiesOf = new Dictionary<int, List<int>>();
        for (int c = 0; c < before; c++)
        {
            var link = connections[c];
            if (link.FromLane != lane && link.ToLane != lane) continue;
            foreach (int copy in copies)
            {
                var repeated = link with { FromLane = link.FromLane == lane ? copy : link.FromLane, ToLane = link.ToLane == lane ? copy : link.ToLane };
                (copiesOf.TryGetValue(c, out var list) ? list : copiesOf[c] = []).Add(connections.Count);
                connections.Add(repeated);
            }
        }
        if (copiesOf.Count == 0) return;
        for (int c = 0; c < connections.Count; c++)
        {
            var foes = connections[c].Foes;
            var more = foes.Where(copiesOf.ContainsKey).SelectMany(f => copiesOf[f]).ToArray();
            if (more.Length > 0) connections[c] = connections[c] with { Foes = [.. foes, .. more] };
        }
    }
}
