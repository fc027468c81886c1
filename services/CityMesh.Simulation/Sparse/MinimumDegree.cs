namespace CityMesh.Simulation.Sparse;

/// <summary>
/// A minimum-degree elimination order of a symmetric pattern and its fill: the elimination graph is kept explicitly;
/// eliminating the unknown of least degree makes its neighbours still waiting a clique, and those neighbours are the
/// factor's entries for that step (a Cholesky factor's column, an LU's U row and, the pattern being symmetric, L
/// column). Unknowns wait in <see cref="DegreeBuckets"/>, so taking the least and moving one whose degree changed are
/// constant time. The water network's Cholesky factor and the power flow's LU are both laid out from it.
/// </summary>
/// <param name="Order">The unknown eliminated at each step.</param>
/// <param name="Position">Each unknown's step: the inverse of <see cref="Order"/>.</param>
/// <param name="Fill">Per step, the unknowns (original numbering) its elimination links: the factor's off-diagonal entries.</param>
internal sealed record MinimumDegree(int[] Order, int[] Position, int[][] Fill)
{
    /// <param name="n">Unknowns.</param>
    /// <param name="pairs">Unknown pairs with an entry (either way round; a pair with itself is ignored).</param>
    public static MinimumDegree Of(int n, IEnumerable<(int A, int B)> pairs)
    {
        var graph = new HashSet<int>[n];
        for (int i = 0; i < n; i++) graph[i] = [];
        foreach (var (a, b) in pairs)
            if (a != b)
            {
                graph[a].Add(b);
                graph[b].Add(a);
            }
        var order = new int[n];
        var position = new int[n];
        var fill = new int[n][];
        var buckets = new DegreeBuckets(n);
        for (int i = 0; i < n; i++) buckets.Add(i, graph[i].Count);
        for (int step = 0; step < n; step++)
        {
            int v = buckets.TakeLeast();
            order[step] = v;
            position[v] = step;
            var neighbours = graph[v].ToArray();
            fill[step] = neighbours;
            foreach (int u in neighbours) graph[u].Remove(v);
            for (int x = 0; x < neighbours.Length; x++)
                for (int y = x + 1; y < neighbours.Length; y++)
                {
                    graph[neighbours[x]].Add(neighbours[y]);
                    graph[neighbours[y]].Add(neighbours[x]);
                }
            foreach (int u in neighbours) buckets.Move(u, graph[u].Count);
            graph[v].Clear();
        }
        return new MinimumDegree(order, position, fill);
    }
}
