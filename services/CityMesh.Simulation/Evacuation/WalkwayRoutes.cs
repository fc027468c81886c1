using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Simulation.Evacuation;

/// <summary>
/// The shortest walk from every node to every shelter: per shelter, each node's walking distance (m) and the link
/// to take from it, by Dijkstra from the shelter over the open links. Distance is free-flow time × the free speed:
/// routes do not bend round crowds. Computed at the start and again when a closure takes effect, into the same
/// arrays (nothing allocated then either).
/// </summary>
internal sealed class WalkwayRoutes
{
    private readonly WalkwayGraph _graph;
    private readonly int[] _start, _links;
    private readonly int[] _shelterNode;
    private readonly MinHeap _heap;

    public WalkwayRoutes(WalkwayGraph graph, IReadOnlyList<Shelter> shelters)
    {
        _graph = graph;
        (_start, _links) = graph.Incidence();
        _shelterNode = shelters.Select(s => s.Node).ToArray();
        Distance = new double[shelters.Count * graph.NodeCount];
        Next = new int[shelters.Count * graph.NodeCount];
        _heap = new MinHeap(_links.Length + 1);
    }

    /// <summary>Distance[s · nodes + n]: metres from node n to shelter s; +∞ when it cannot be reached.</summary>
    public double[] Distance { get; }

    /// <summary>Next[s · nodes + n]: the link to take from node n towards shelter s; −1 at the shelter or where unreachable.</summary>
    public int[] Next { get; }

    public double DistanceTo(int shelter, int node) => Distance[shelter * _graph.NodeCount + node];

    public int NextLink(int shelter, int node) => Next[shelter * _graph.NodeCount + node];

    /// <summary>Recomputes every shelter's tree over the links not <paramref name="closed"/>.</summary>
    public void Compute(bool[] closed)
    {
        int nodes = _graph.NodeCount;
        for (int s = 0; s < _shelterNode.Length; s++)
        {
            var distance = Distance.AsSpan(s * nodes, nodes);
            var next = Next.AsSpan(s * nodes, nodes);
            distance.Fill(double.PositiveInfinity);
            next.Fill(-1);
            _heap.Clear();
            distance[_shelterNode[s]] = 0;
            _heap.Push(0, _shelterNode[s]);
            while (_heap.Count > 0)
            {
                var (d, node) = _heap.Pop();
                if (d > distance[node]) continue; // a stale entry
                for (int k = _start[node]; k < _start[node + 1]; k++)
                {
                    int link = _links[k];
                    if (closed[link]) continue;
                    int other = _graph.Other(link, node);
                    double through = d + _graph.Length[link];
                    // Ties go to the lower link index, so the trees do not depend on the heap's order.
                    if (through < distance[other] || (through == distance[other] && link < next[other]))
                    {
                        bool better = through < distance[other];
                        distance[other] = through;
                        next[other] = link;
                        if (better) _heap.Push(through, other);
                    }
                }
            }
        }
    }
}
