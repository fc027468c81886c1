using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Generation;

/// <summary>
/// Routes by turning weights, for <see cref="ObservedFlowDemand"/>: from an edge, the onward edges are those its
/// lanes' connections reach; one is drawn with probability proportional to its weight (uniformly when every open one
/// weighs 0), never one the route already used. A route ends at a dead end, where no onward edge is left, or at the
/// longest route allowed. Not thread-safe: one walk per generation.
/// </summary>
internal sealed class TurningWalk
{
    private readonly TrafficNetwork _network;
    private readonly double[] _weight; // by edge
    private readonly int[] _start; // edge e's onward edges are _onward[_start[e].._start[e + 1]]
    private readonly int[] _onward;
    private readonly int[] _route; // scratch; a route never repeats an edge, so it needs no more than every edge
    private readonly int[] _usedBy; // the route that last used each edge, so nothing is cleared between routes
    private readonly ulong _seed;
    private int _routeNumber;

    public TurningWalk(TrafficNetwork network, double[] weight, int maxRouteEdges, ulong seed)
    {
        _network = network;
        _weight = weight;
        _seed = seed;
        (_start, _onward) = OnwardEdges(network);
        _route = new int[Math.Min(maxRouteEdges, network.Edges.Count)];
        _usedBy = new int[network.Edges.Count];
    }

    /// <summary>The route of the <paramref name="draw"/>-th vehicle entering at <paramref name="entry"/>; its choices depend on nothing else.</summary>
    public int[] Route(int entry, int draw)
    {
        _routeNumber++;
        var length = 0;
        for (var edge = entry; edge >= 0;)
        {
            _route[length++] = edge;
            _usedBy[edge] = _routeNumber;
            if (length == _route.Length || _network.Junctions[_network.Edges[edge].To].Kind == JunctionKind.DeadEnd) break;
            // Draw index in the high half, position in the low half: one counter per (vehicle, junction), whatever MaxRouteEdges is.
            var u = CounterRandom.Uniform(_seed, entry, ((long)draw << 32) | (uint)length, CounterRandom.ObservedTurnStream);
            edge = Choose(edge, u);
        }
        return _route[..length];
    }

    /// <summary>An unused onward edge of <paramref name="edge"/> drawn by weight with <paramref name="u"/> in [0, 1), or -1 if none is left.</summary>
    private int Choose(int edge, double u)
    {
        double total = 0;
        var open = 0;
        for (var k = _start[edge]; k < _start[edge + 1]; k++)
        {
            if (_usedBy[_onward[k]] == _routeNumber) continue;
            total += _weight[_onward[k]];
            open++;
        }
        if (open == 0) return -1;

        if (total > 0)
        {
            var target = u * total;
            var last = -1;
            for (var k = _start[edge]; k < _start[edge + 1]; k++)
            {
                var next = _onward[k];
                if (_usedBy[next] == _routeNumber || _weight[next] == 0) continue;
                last = next;
                target -= _weight[next];
                if (target < 0) return next;
            }
            return last; // rounding left the target a hair above the total
        }

        var pick = (int)(u * open);
        for (var k = _start[edge]; k < _start[edge + 1]; k++)
        {
            if (_usedBy[_onward[k]] != _routeNumber && pick-- == 0) return _onward[k];
        }
        return -1; // unreachable: pick < open
    }

    /// <summary>Distinct onward edges per edge in connection order, as offsets into one array: one pass over the connections.</summary>
    private static (int[] Start, int[] Onward) OnwardEdges(TrafficNetwork network)
    {
        var edges = network.Edges.Count;
        var start = new int[edges + 1];
        foreach (var c in network.Connections) start[network.Lanes[c.FromLane].Edge + 1]++;
        for (var e = 0; e < edges; e++) start[e + 1] += start[e];

        var targets = new int[network.Connections.Count];
        var fill = start[..edges];
        foreach (var c in network.Connections) targets[fill[network.Lanes[c.FromLane].Edge]++] = network.Lanes[c.ToLane].Edge;

        // Several lanes usually link to the same onward edge; keep each once, compacting in place.
        var seenFrom = new int[edges];
        Array.Fill(seenFrom, -1);
        var compact = new int[edges + 1];
        var count = 0;
        for (var e = 0; e < edges; e++)
        {
            compact[e] = count;
            for (var k = start[e]; k < start[e + 1]; k++)
            {
                var next = targets[k];
                if (seenFrom[next] == e) continue;
                seenFrom[next] = e;
                targets[count++] = next;
            }
        }
        compact[edges] = count;
        return (compact, targets[..count]);
    }
}
