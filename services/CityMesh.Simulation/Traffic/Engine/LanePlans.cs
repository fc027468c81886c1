namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// SUMO's best lanes: for each lane of the edge a vehicle is on, how far along its route it could drive from that
/// lane's start without changing lanes (its reach), over lanes its class may use, looking <see cref="LookAhead"/>
/// metres ahead however short the edges on the way. Lane choice at insertion and strategic lane changes read it. A
/// vehicle's reaches are worked out again when it is on a new edge (lazily, the first time they are asked for), one
/// backward pass over the route's edges in view; between edges they are kept, a few bytes per vehicle and lane.
/// </summary>
internal sealed class LanePlans
{
    /// <summary>How far ahead the route is read, as SUMO's best lanes look (3,000 m).</summary>
    public const float LookAhead = 3000f;

    /// <summary>No edge chain longer than this is read, however short its edges.</summary>
    private const int MaxEdges = 64;

    private readonly int _stride;
    private readonly int[] _routePos;
    private readonly ushort[] _reach; // metres; 0: the class may not use the lane

    public LanePlans(int vehicles, int maxLanesPerEdge)
    {
        _stride = Math.Max(1, maxLanesPerEdge);
        _routePos = new int[vehicles];
        Array.Fill(_routePos, -1);
        _reach = new ushort[(long)vehicles * _stride > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(vehicles)) : vehicles * _stride];
    }

    /// <summary>Bytes kept per vehicle.</summary>
    public int BytesPerVehicle => 4 + 2 * _stride;

    /// <summary>
    /// How far vehicle <paramref name="v"/> could follow its route from the start of the lane at
    /// <paramref name="offset"/> on its current edge without a lane change, capped at <see cref="LookAhead"/>; 0 when its
    /// class may not use that lane.
    /// </summary>
    public float Reach(TrafficState s, int v, int offset)
    {
        if (_routePos[v] != s.Fleet.RoutePos[v]) Plan(s, v);
        return _reach[v * _stride + offset];
    }

    private void Plan(TrafficState s, int v)
    {
        var f = s.Fleet;
        var roads = s.Roads;
        int start = f.RoutePos[v], end = f.RouteEnd[v];
        // The edges in view: up to LookAhead metres past the current edge's start, or the route's end.
        int last = start;
        float covered = roads.EdgeLength[f.RouteEdges[start]];
        while (last + 1 < end && last - start < MaxEdges && covered < LookAhead) covered += roads.EdgeLength[f.RouteEdges[++last]];

        Span<float> after = stackalloc float[_stride];
        Span<float> here = stackalloc float[_stride];
        uint vehicleClass = f.Class[v];
        for (int k = last; k >= start; k--)
        {
            int edge = f.RouteEdges[k];
            int first = roads.EdgeLaneStart[edge], count = roads.EdgeLaneStart[edge + 1] - first;
            int nextEdge = k < last ? f.RouteEdges[k + 1] : -1;
            for (int i = 0; i < count; i++)
            {
                int lane = roads.EdgeLanes[first + i];
                if (!roads.Allows(lane, vehicleClass))
                {
                    here[i] = 0f;
                    continue;
                }
                // On the last edge in view every lane will do: the route ends there, or what lies beyond is out of sight.
                if (nextEdge < 0)
                {
                    here[i] = LookAhead;
                    continue;
                }
                float onward = 0f;
                for (int j = roads.LaneOutStart[lane]; j < roads.LaneOutStart[lane + 1]; j++)
                {
                    int c = roads.LaneOut[j];
                    int to = roads.ConnTo[c];
                    if (roads.LaneEdge[to] != nextEdge) continue;
                    float there = after[roads.LaneIndexOnEdge[to]];
                    if (there > 0f) onward = MathF.Max(onward, roads.ConnVia[c] + there);
                }
                here[i] = MathF.Min(LookAhead, MathF.Max(1f, roads.LaneLength[lane] + onward));
            }
            if (k > start) here[..count].CopyTo(after);
        }
        int edgeLanes = roads.EdgeLaneStart[f.RouteEdges[start] + 1] - roads.EdgeLaneStart[f.RouteEdges[start]];
        for (int i = 0; i < edgeLanes; i++) _reach[v * _stride + i] = (ushort)MathF.Ceiling(here[i]);
        _routePos[v] = start;
    }
}
