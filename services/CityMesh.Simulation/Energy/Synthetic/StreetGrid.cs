using CityMesh.Contracts.Geo;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Simulation.Energy.Synthetic;

/// <summary>A street corner the grid may put a secondary substation at (plane metres).</summary>
public sealed record StreetNode(string Id, double X, double Y);

/// <summary>A street between two corners, which cables follow.</summary>
public sealed record StreetEdge(string From, string To, double LengthMetres);

/// <summary>A substation to lay a network from: where, its rating, kVA.</summary>
public sealed record SupplyPoint(string Id, string Name, double X, double Y, double RatedKva);

/// <summary>Something drawing power (a building, a hospital, a charger), the substation that supplies it and its peak, kW.</summary>
public sealed record SupplyLoad(string Id, string Substation, double X, double Y, double PeakKw, bool Critical);

/// <summary>The grid laid and which bus supplies each load.</summary>
public sealed record StreetGridLayout(CityGrid Grid, IReadOnlyDictionary<string, string> BusOfLoad);

/// <summary>
/// Lays a city's 10 kV distribution grid along its streets, as planners do: a secondary substation at every street
/// corner a substation reaches first along the streets (a shortest-path forest from all substations at once), cables
/// along the tree's streets, each load on the nearest corner its substation serves. Each substation's tree is cut into
/// feeders of about <see cref="FeederTargetKw"/> (at most <see cref="MaxFeeders"/>) by making a new feeder of the
/// corner whose branch carries nearest half of the heaviest feeder (a 110/10 kV substation has 20–30 feeders); every feeder leaves the substation's busbar by its
/// own head cable along the streets. Cables are the smallest standard size that carries the peak below them at
/// <see cref="PlannedUtilisation"/> of its rating (so a feeder can take a neighbour's load in an outage), and a
/// normally-open switch joins each pair of feeders that meet across a street the tree does not use (the shortest such
/// street), so load can be transferred. The substation's transformer (110/10 kV) is its rating, at 0.5 % resistance and
/// 10 % reactance on its own base (typical nameplate values for 10–40 MVA units).
/// </summary>
public static class StreetGrid
{
    public const double FeederTargetKw = 4000;
    public const int MaxFeeders = 32;
    public const double PlannedUtilisation = 0.6;
    public const double MediumVoltageKv = 10, HighVoltageKv = 110;

    /// <summary>XLPE aluminium cables, 10 kV: ohm per km and rating, kVA (3 × 150, 240 and 400 mm²; typical data sheet values).</summary>
    public static readonly IReadOnlyList<(string Size, double ROhmPerKm, double XOhmPerKm, double RatedKva)> Cables =
        [("3x150", 0.206, 0.090, 4700), ("3x240", 0.125, 0.085, 6200), ("3x400", 0.078, 0.080, 8000)];

    public static StreetGridLayout Lay(IReadOnlyList<StreetNode> nodes, IReadOnlyList<StreetEdge> edges, IReadOnlyList<SupplyPoint> supplies,
        IReadOnlyList<SupplyLoad> loads, Func<double, double, Position> toWgs84)
    {
        var index = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++) index[nodes[i].Id] = i;
        var adjacent = new List<(int Node, double Length)>[nodes.Count];
        for (var i = 0; i < nodes.Count; i++) adjacent[i] = [];
        foreach (var e in edges)
        {
            if (!index.TryGetValue(e.From, out var a) || !index.TryGetValue(e.To, out var b) || a == b) continue;
            adjacent[a].Add((b, e.LengthMetres));
            adjacent[b].Add((a, e.LengthMetres));
        }

        // Roots: each substation's nearest corner not already another's root.
        var roots = new int[supplies.Count];
        var taken = new HashSet<int>();
        for (var s = 0; s < supplies.Count; s++)
        {
            var sp = supplies[s];
            roots[s] = Enumerable.Range(0, nodes.Count).Where(i => !taken.Contains(i) && adjacent[i].Count > 0)
                .DefaultIfEmpty(-1).MinBy(i => i < 0 ? double.MaxValue : Distance(nodes[i], sp.X, sp.Y));
            if (roots[s] >= 0) taken.Add(roots[s]);
        }

        // A shortest-path forest from every root at once: owner, parent and distance along the streets.
        var owner = Filled(nodes.Count, -1);
        var parent = Filled(nodes.Count, -1);
        var parentLength = new double[nodes.Count];
        var distance = Filled(nodes.Count, double.PositiveInfinity);
        var queue = new PriorityQueue<int, double>();
        for (var s = 0; s < supplies.Count; s++)
            if (roots[s] >= 0)
            {
                distance[roots[s]] = 0;
                owner[roots[s]] = s;
                queue.Enqueue(roots[s], 0);
            }
        while (queue.TryDequeue(out var u, out var d))
        {
            if (d > distance[u]) continue;
            foreach (var (v, length) in adjacent[u])
                if (d + length < distance[v])
                {
                    distance[v] = d + length;
                    owner[v] = owner[u];
                    parent[v] = u;
                    parentLength[v] = length;
                    queue.Enqueue(v, distance[v]);
                }
        }

        // Each load on the nearest corner of its substation (any substation's, where its own reaches none).
        var peak = new double[nodes.Count];
        var critical = new bool[nodes.Count];
        var busOfLoadNode = new Dictionary<string, int>(StringComparer.Ordinal);
        var supplyIndex = supplies.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var served = Enumerable.Range(0, nodes.Count).Where(i => owner[i] >= 0).ToArray();
        var servedBy = served.GroupBy(i => owner[i]).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var load in loads)
        {
            var candidates = supplyIndex.TryGetValue(load.Substation, out var s) && servedBy.TryGetValue(s, out var own) ? own : served;
            if (candidates.Length == 0) continue;
            var node = candidates.MinBy(i => Distance(nodes[i], load.X, load.Y));
            peak[node] += load.PeakKw;
            critical[node] |= load.Critical;
            busOfLoadNode[load.Id] = node;
        }

        var children = new List<int>[nodes.Count];
        for (var i = 0; i < nodes.Count; i++) children[i] = [];
        foreach (var v in served)
            if (parent[v] >= 0) children[parent[v]].Add(v);

        var substations = new List<GridSubstation>();
        var buses = new List<GridBus>();
        var lines = new List<GridLine>();
        var transformers = new List<GridTransformer>();
        var feeders = new List<GridFeeder>();
        var feederOf = Filled(nodes.Count, -1);
        var busId = new string[nodes.Count];
        for (var s = 0; s < supplies.Count; s++)
        {
            var sp = supplies[s];
            var at = toWgs84(sp.X, sp.Y);
            substations.Add(new GridSubstation(sp.Id, sp.Name, sp.RatedKva, at));
            string hv = $"{sp.Id}-hv", mv = $"{sp.Id}-mv";
            buses.Add(new GridBus(hv, sp.Id, HighVoltageKv, at, Source: true, Name: $"{sp.Name} 110 kV busbar"));
            buses.Add(new GridBus(mv, sp.Id, MediumVoltageKv, at, Name: $"{sp.Name} 10 kV busbar"));
            transformers.Add(new GridTransformer($"{sp.Id}-t1", sp.Id, hv, mv, sp.RatedKva, 0.005, 0.10));
            if (roots[s] < 0) continue;

            var members = servedBy[s];
            var tops = SplitFeeders(roots[s], members, children, peak);
            var group = new Dictionary<int, int>();
            foreach (var m in members) group[m] = -1;
            for (var g = 0; g < tops.Count; g++) Mark(tops[g], g, children, group, tops);
            var groupLoad = new double[tops.Count];
            foreach (var m in members) groupLoad[group[m]] += peak[m];
            var corner = 0;
            foreach (var m in members.OrderBy(m => distance[m]))
                busId[m] = $"{sp.Id}-c{++corner}";
            for (var g = 0; g < tops.Count; g++)
            {
                var id = $"{sp.Id}-f{g + 1}";
                var top = tops[g];
                var head = $"{id}-head";
                var length = distance[top] + Distance(nodes[roots[s]], sp.X, sp.Y);
                var cable = CableFor(groupLoad[g]);
                lines.Add(Line(head, mv, busId[top], length, cable, id));
                feeders.Add(new GridFeeder(id, sp.Id, $"{sp.Name} feeder {g + 1}", mv, head, cable.RatedKva));
                foreach (var m in members.Where(m => group[m] == g)) feederOf[m] = feeders.Count - 1;
            }
            // Every other corner hangs from its parent by the street between them, sized for what lies beyond.
            var below = Below(members, children, peak, group);
            var line = 0;
            foreach (var m in members.OrderBy(m => distance[m]))
            {
                var id = feeders[feederOf[m]].Id;
                buses.Add(new GridBus(busId[m], sp.Id, MediumVoltageKv, toWgs84(nodes[m].X, nodes[m].Y), id, PeakKw: Math.Round(peak[m], 1),
                    Critical: critical[m], Name: $"{sp.Name} secondary substation {busId[m][(sp.Id.Length + 1)..]} ({nodes[m].Id})"));
                if (tops.Contains(m)) continue;
                lines.Add(Line($"{sp.Id}-l{++line}", busId[parent[m]], busId[m], parentLength[m], CableFor(below[m]), id));
            }
        }

        var switches = NormallyOpenPoints(edges, index, owner, feederOf, busId);
        var busOfLoad = busOfLoadNode.ToDictionary(p => p.Key, p => busId[p.Value], StringComparer.Ordinal);
        return new StreetGridLayout(new CityGrid(substations, buses, lines, transformers, switches, feeders), busOfLoad);
    }

    /// <summary>
    /// The smallest standard cable carrying <paramref name="peakKw"/> at the planned utilisation; beyond the largest, that
    /// one laid in parallel as often as needed (a large customer's own connection).
    /// </summary>
    public static (string Size, double ROhmPerKm, double XOhmPerKm, double RatedKva) CableFor(double peakKw)
    {
        foreach (var c in Cables)
            if (c.RatedKva * PlannedUtilisation >= peakKw) return c;
        var largest = Cables[^1];
        var n = (int)Math.Ceiling(peakKw / (largest.RatedKva * PlannedUtilisation));
        return ($"{n}x({largest.Size})", largest.ROhmPerKm / n, largest.XOhmPerKm / n, largest.RatedKva * n);
    }

    private static GridLine Line(string id, string from, string to, double length, (string Size, double R, double X, double RatedKva) cable, string feeder) =>
        new(id, from, to, Math.Round(cable.R * length / 1000, 6), Math.Round(cable.X * length / 1000, 6), cable.RatedKva, Math.Round(length, 1), feeder);

    /// <summary>Feeder tops: the root's tree, cut where a branch carries nearest half the heaviest feeder, until each is under the target.</summary>
    private static List<int> SplitFeeders(int root, int[] members, List<int>[] children, double[] peak)
    {
        var tops = new List<int> { root };
        var group = new Dictionary<int, int>();
        while (tops.Count < MaxFeeders)
        {
            foreach (var m in members) group[m] = -1;
            for (var g = 0; g < tops.Count; g++) Mark(tops[g], g, children, group, tops);
            var below = Below(members, children, peak, group);
            var heaviest = Enumerable.Range(0, tops.Count).MaxBy(g => below[tops[g]]);
            var total = below[tops[heaviest]];
            if (total <= FeederTargetKw) break;
            var cut = members.Where(m => group[m] == heaviest && m != tops[heaviest] && below[m] > 0)
                .DefaultIfEmpty(-1).MinBy(m => m < 0 ? double.MaxValue : Math.Abs(below[m] - total / 2));
            if (cut < 0) break;
            tops.Add(cut);
        }
        return tops;
    }

    /// <summary>Marks the subtree under <paramref name="top"/> as feeder <paramref name="g"/>, stopping at other feeders' tops.</summary>
    private static void Mark(int top, int g, List<int>[] children, Dictionary<int, int> group, List<int> tops)
    {
        var stack = new Stack<int>([top]);
        while (stack.Count > 0)
        {
            var u = stack.Pop();
            group[u] = g;
            foreach (var c in children[u])
                if (!tops.Contains(c)) stack.Push(c);
        }
    }

    /// <summary>Per corner, the peak of it and everything beyond it on its own feeder.</summary>
    private static Dictionary<int, double> Below(int[] members, List<int>[] children, double[] peak, Dictionary<int, int> group)
    {
        var below = new Dictionary<int, double>();
        double Walk(int u)
        {
            if (below.TryGetValue(u, out var known)) return known;
            var sum = peak[u];
            foreach (var c in children[u])
                if (group[c] == group[u]) sum += Walk(c);
            return below[u] = sum;
        }
        foreach (var m in members) Walk(m);
        return below;
    }

    private static List<GridSwitch> NormallyOpenPoints(IReadOnlyList<StreetEdge> edges, Dictionary<string, int> index, int[] owner, int[] feederOf, string[] busId)
    {
        var best = new Dictionary<(int, int), (StreetEdge Edge, int A, int B)>();
        foreach (var e in edges)
        {
            if (!index.TryGetValue(e.From, out var a) || !index.TryGetValue(e.To, out var b) || a == b) continue;
            if (owner[a] < 0 || owner[b] < 0 || feederOf[a] < 0 || feederOf[b] < 0 || feederOf[a] == feederOf[b]) continue;
            var key = feederOf[a] < feederOf[b] ? (feederOf[a], feederOf[b]) : (feederOf[b], feederOf[a]);
            if (!best.TryGetValue(key, out var known) || e.LengthMetres < known.Edge.LengthMetres) best[key] = (e, a, b);
        }
        var cable = Cables[1];
        return [.. best.OrderBy(p => p.Key).Select((p, k) => new GridSwitch($"nop{k + 1}", busId[p.Value.A], busId[p.Value.B],
            Math.Round(cable.ROhmPerKm * p.Value.Edge.LengthMetres / 1000, 6), Math.Round(cable.XOhmPerKm * p.Value.Edge.LengthMetres / 1000, 6), cable.RatedKva, true, true))];
    }

    private static double Distance(StreetNode n, double x, double y) => Math.Sqrt((n.X - x) * (n.X - x) + (n.Y - y) * (n.Y - y));

    private static T[] Filled<T>(int n, T value)
    {
        var a = new T[n];
        Array.Fill(a, value);
        return a;
    }
}
