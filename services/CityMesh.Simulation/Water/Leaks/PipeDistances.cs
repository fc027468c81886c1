namespace CityMesh.Simulation.Water.Leaks;

/// <summary>
/// How far apart two pipes are along the network, middle to middle (m): half of each, and the shortest way between
/// their nearest ends over the pipes (pumps and valves count as no length). The same pipe is 0 m from itself.
/// </summary>
public sealed class PipeDistances
{
    private readonly WaterNetwork _net;
    private readonly Dictionary<string, List<(string To, double Length)>> _graph = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WaterPipe> _pipes;

    public PipeDistances(WaterNetwork net)
    {
        _net = net;
        _pipes = net.Pipes.ToDictionary(p => p.Id, StringComparer.Ordinal);
        void Add(string a, string b, double length)
        {
            if (!_graph.TryGetValue(a, out var list)) _graph[a] = list = [];
            list.Add((b, length));
        }
        foreach (var p in net.Pipes) { Add(p.From, p.To, p.Length); Add(p.To, p.From, p.Length); }
        foreach (var p in net.Pumps) { Add(p.From, p.To, 0); Add(p.To, p.From, 0); }
        foreach (var v in net.Valves) { Add(v.From, v.To, 0); Add(v.To, v.From, 0); }
    }

    public double Between(string pipeA, string pipeB)
    {
        if (pipeA == pipeB) return 0;
        var a = _pipes[pipeA];
        var b = _pipes[pipeB];
        double best = double.PositiveInfinity;
        foreach (var from in new[] { a.From, a.To })
        {
            var d = Dijkstra(from);
            foreach (var to in new[] { b.From, b.To })
                if (d.TryGetValue(to, out double x)) best = Math.Min(best, x);
        }
        return a.Length / 2 + best + b.Length / 2;
    }

    private Dictionary<string, double> Dijkstra(string source)
    {
        var distance = new Dictionary<string, double>(StringComparer.Ordinal) { [source] = 0 };
        var queue = new PriorityQueue<string, double>();
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out var node, out double d))
        {
            if (d > distance[node]) continue;
            if (!_graph.TryGetValue(node, out var edges)) continue;
            foreach (var (to, length) in edges)
            {
                double next = d + length;
                if (distance.TryGetValue(to, out double known) && known <= next) continue;
                distance[to] = next;
                queue.Enqueue(to, next);
            }
        }
        return distance;
    }
}
