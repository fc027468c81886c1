namespace CityMesh.Simulation.Evacuation;

/// <summary>
/// Where people can walk: nodes on a plane (metres) joined by links, each a stretch of walkway with a length and a
/// walkable width (m), walked in both directions. <see cref="Road"/> names the road a link belongs to (a closure or
/// contraflow names it), empty for a building's or a shelter's path to the street.
/// </summary>
public sealed record WalkwayGraph(double[] X, double[] Y, int[] From, int[] To, double[] Length, double[] Width, string[] Road)
{
    public int NodeCount => X.Length;

    public int LinkCount => From.Length;

    /// <summary>The link's node at the other end from <paramref name="node"/>.</summary>
    public int Other(int link, int node) => From[link] == node ? To[link] : From[link];

    /// <summary>The links that touch each node, as compressed rows: links of node n are Links[Start[n] .. Start[n + 1]).</summary>
    public (int[] Start, int[] Links) Incidence()
    {
        var start = new int[NodeCount + 1];
        for (int l = 0; l < LinkCount; l++)
        {
            start[From[l] + 1]++;
            start[To[l] + 1]++;
        }
        for (int n = 0; n < NodeCount; n++) start[n + 1] += start[n];
        var links = new int[start[^1]];
        var fill = (int[])start.Clone();
        for (int l = 0; l < LinkCount; l++)
        {
            links[fill[From[l]]++] = l;
            links[fill[To[l]]++] = l;
        }
        return (start, links);
    }

    /// <summary>Each field's problem, naming it; empty when the graph is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (X is null || Y is null || X.Length != Y.Length) return ["graph.x and graph.y must have one value per node"];
        if (X.Length == 0) return ["graph must have at least one node"];
        int links = From?.Length ?? 0;
        foreach (var (name, length) in new[] { ("to", To?.Length), ("length", Length?.Length), ("width", Width?.Length), ("road", Road?.Length) })
            if (length != links) problems.Add($"graph.{name} must have one value per link ({links}), not {length ?? 0}");
        if (problems.Count > 0) return problems;
        for (int n = 0; n < X.Length; n++)
            if (!double.IsFinite(X[n]) || !double.IsFinite(Y[n]))
            {
                problems.Add($"graph node {n} must have finite x and y, not ({X[n]}, {Y[n]})");
                break;
            }
        for (int l = 0; l < links; l++)
        {
            if ((uint)From![l] >= (uint)X.Length || (uint)To![l] >= (uint)X.Length || From[l] == To[l])
                problems.Add($"graph link {l} must join two different nodes of {X.Length}, not {From[l]} and {To![l]}");
            if (!(Length![l] > 0) || double.IsInfinity(Length[l])) problems.Add($"graph.length[{l}] must be a finite number > 0 m, not {Length[l]}");
            if (!(Width![l] > 0) || Width[l] > 1000) problems.Add($"graph.width[{l}] must be in (0, 1000] m, not {Width[l]}");
            if (problems.Count >= 10) break;
        }
        return problems;
    }
}
