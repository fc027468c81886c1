namespace CityMesh.Simulation.Water.Leaks;

/// <summary>One district metered area: its junctions (by index into the network's junctions) and the pipes inside it.</summary>
public sealed record DistrictArea(int Index, string Name, IReadOnlyList<int> Junctions, IReadOnlyList<string> Pipes);

/// <summary>
/// A network cut into district metered areas, every junction in one. <see cref="MeteredLinks"/> are the links a utility
/// meters to know each area's inflow: the pipes between areas and every link to a tank, reservoir or pump. Their net
/// flow into an area is what its junctions draw (leaks included), which is how the synthetic data read an area's meter.
/// </summary>
public sealed record DistrictPartition(IReadOnlyList<DistrictArea> Areas, IReadOnlyList<int> AreaOfJunction, IReadOnlyList<string> MeteredLinks)
{
    /// <summary>The area a pipe belongs to: its first end's that is a junction (a pipe to a tank is its junction's), or -1.</summary>
    public int AreaOfPipe(WaterNetwork network, string pipe)
    {
        var p = network.Pipes.FirstOrDefault(x => x.Id == pipe) ?? throw new ArgumentException($"no pipe '{pipe}' in the network", nameof(pipe));
        for (int j = 0; j < network.Junctions.Count; j++)
            if (network.Junctions[j].Id == p.From || network.Junctions[j].Id == p.To) return AreaOfJunction[j];
        return -1;
    }
}

/// <summary>
/// Cuts a network into district metered areas deterministically from its graph: the junctions grouped by network
/// distance (along pipes, m) around <c>count</c> centres, the centres moved to their group's medoid a few rounds
/// (k-medoids), so areas are compact along the mains rather than by straight-line position; pumps and valves are not
/// crossed, as a booster or a valve is where a real area's inlet sits. No random draw: the same network gives the same
/// areas.
/// </summary>
public static class DistrictAreas
{
    public static DistrictPartition Partition(WaterNetwork network, int count)
    {
        int n = network.Junctions.Count;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Areas: at least one district metered area");
        if (n == 0) throw new ArgumentException("the network has no junctions to cut into areas", nameof(network));
        count = Math.Min(count, n);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < n; j++) index[network.Junctions[j].Id] = j;
        var edges = new List<(int To, double Length)>[n];
        for (int j = 0; j < n; j++) edges[j] = [];
        foreach (var p in network.Pipes)
            if (index.TryGetValue(p.From, out int a) && index.TryGetValue(p.To, out int b))
            {
                edges[a].Add((b, p.Length));
                edges[b].Add((a, p.Length));
            }
        var demand = network.Junctions.Select(j => j.Demands.Sum(d => Math.Abs(d.Base) * MeanMultiplier(network, d.Pattern))).ToArray();
        var distance = new double[n][];
        for (int j = 0; j < n; j++) distance[j] = Dijkstra(edges, j);

        // Farthest-point centres from junction 0 (an unreached junction counts as farthest), then k-medoids rounds.
        var centres = new List<int> { 0 };
        while (centres.Count < count)
            centres.Add(Enumerable.Range(0, n).Where(j => !centres.Contains(j)).MaxBy(j => centres.Min(c => distance[c][j])));
        var area = new int[n];
        for (int round = 0; round < 10; round++)
        {
            for (int j = 0; j < n; j++) area[j] = Enumerable.Range(0, count).MinBy(k => distance[centres[k]][j]);
            bool moved = false;
            for (int k = 0; k < count; k++)
            {
                var members = Enumerable.Range(0, n).Where(j => area[j] == k).ToArray();
                if (members.Length == 0) continue;
                // Weighted by consumption, so a centre sits where the water goes, not among empty mains.
                int medoid = members.MinBy(m => members.Sum(o => (demand[o] + 1e-6) * Math.Min(distance[m][o], 1e9)));
                if (medoid != centres[k]) { centres[k] = medoid; moved = true; }
            }
            if (!moved) break;
        }
        for (int j = 0; j < n; j++) area[j] = Enumerable.Range(0, count).MinBy(k => distance[centres[k]][j]);
        return FromAssignment(network, area, [.. Enumerable.Range(0, count).Select(k => $"DMA {k + 1} (around {network.Junctions[centres[k]].Id})")]);
    }

    /// <summary>
    /// The partition a utility has drawn: each junction's area (by index into <paramref name="names"/>), as the twin holds
    /// it (a junction's <c>districtMeteredArea</c>). The pipes inside an area are its; a pipe between two areas, or from
    /// an area to a tank or reservoir, is metered and counted with its junction's area; pumps and valves are metered.
    /// </summary>
    public static DistrictPartition FromAssignment(WaterNetwork network, IReadOnlyList<int> areaOfJunction, IReadOnlyList<string> names)
    {
        int n = network.Junctions.Count, count = names.Count;
        if (areaOfJunction.Count != n) throw new ArgumentException($"{areaOfJunction.Count} areas given for {n} junctions", nameof(areaOfJunction));
        for (int j = 0; j < n; j++)
            if (areaOfJunction[j] < 0 || areaOfJunction[j] >= count)
                throw new ArgumentException($"junction {network.Junctions[j].Id} is in area {areaOfJunction[j]}, not one of the {count} named", nameof(areaOfJunction));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < n; j++) index[network.Junctions[j].Id] = j;
        var metered = new List<string>();
        var pipesOf = Enumerable.Range(0, count).Select(_ => new List<string>()).ToArray();
        foreach (var p in network.Pipes)
        {
            bool a = index.TryGetValue(p.From, out int ja), b = index.TryGetValue(p.To, out int jb);
            if (a && b && areaOfJunction[ja] == areaOfJunction[jb]) pipesOf[areaOfJunction[ja]].Add(p.Id);
            else
            {
                metered.Add(p.Id);
                if (a || b) pipesOf[areaOfJunction[a ? ja : jb]].Add(p.Id);
            }
        }
        metered.AddRange(network.Pumps.Select(p => p.Id));
        metered.AddRange(network.Valves.Select(v => v.Id));
        var areas = Enumerable.Range(0, count)
            .Select(k => new DistrictArea(k, names[k], [.. Enumerable.Range(0, n).Where(j => areaOfJunction[j] == k)], pipesOf[k]))
            .ToArray();
        return new DistrictPartition(areas, [.. areaOfJunction], metered);
    }

    /// <summary>A demand pattern's mean multiplier (a junction with base 1 and a pattern of thousands is a large user).</summary>
    private static double MeanMultiplier(WaterNetwork network, string? pattern)
    {
        pattern ??= network.Options.DefaultPattern ?? "1";
        return network.Patterns.TryGetValue(pattern, out var p) && p.Multipliers.Count > 0 ? p.Multipliers.Average() : 1;
    }

    private static double[] Dijkstra(List<(int To, double Length)>[] edges, int source)
    {
        var d = new double[edges.Length];
        Array.Fill(d, double.PositiveInfinity);
        d[source] = 0;
        var queue = new PriorityQueue<int, double>();
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out int node, out double at))
        {
            if (at > d[node]) continue;
            foreach (var (to, length) in edges[node])
                if (at + length < d[to]) { d[to] = at + length; queue.Enqueue(to, d[to]); }
        }
        return d;
    }
}
