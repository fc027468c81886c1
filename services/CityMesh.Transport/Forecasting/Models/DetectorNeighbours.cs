using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Transport.Forecasting.Models;

/// <summary>
/// Each road's upstream roads (ending at its start junction) and downstream roads (starting at its end junction),
/// leaving out its own opposite direction: queues spill back from downstream, waves of vehicles arrive from upstream.
/// </summary>
public sealed record DetectorNeighbours(IReadOnlyList<int[]> Upstream, IReadOnlyList<int[]> Downstream)
{
    /// <param name="roads">The roads in the data set's order; roads the network lacks get no neighbours.</param>
    public static DetectorNeighbours From(TrafficNetwork network, IReadOnlyList<string> roads)
    {
        var index = roads.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i, StringComparer.Ordinal);
        var up = new int[roads.Count][];
        var down = new int[roads.Count][];
        for (int r = 0; r < roads.Count; r++)
        {
            if (!network.EdgeIndex.TryGetValue(roads[r], out var e))
            {
                up[r] = down[r] = [];
                continue;
            }
            var edge = network.Edges[e];
            up[r] = Roads(network, index, o => o.To == edge.From && o.From != edge.To);
            down[r] = Roads(network, index, o => o.From == edge.To && o.To != edge.From);
        }
        return new DetectorNeighbours(up, down);
    }

    private static int[] Roads(TrafficNetwork network, Dictionary<string, int> index, Func<Edge, bool> keep) =>
        network.Edges.Where(keep).Select(o => index.TryGetValue(o.Id, out var i) ? i : -1).Where(i => i >= 0).Order().ToArray();
}
