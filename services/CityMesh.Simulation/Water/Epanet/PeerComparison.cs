using CityMesh.Simulation.Water.Hydraulics;

namespace CityMesh.Simulation.Water.Epanet;

/// <summary>The worst disagreement at one moment both runs solved.</summary>
/// <param name="HeadNode">Where the head differs most, and by how much (m).</param>
/// <param name="FlowLink">Where the flow differs most relative to the tolerance, its flows (ours, EPANET's, m³/s).</param>
public sealed record MomentComparison(long Time, string HeadNode, double HeadDifference, string FlowLink, double OurFlow, double TheirFlow, bool Within);

/// <summary>
/// Our extended-period run against EPANET's, at every moment both solved, node by id and link by id. Heads agree
/// within <see cref="HeadTolerance"/> m; a flow within <see cref="FlowShare"/> of EPANET's or
/// <see cref="FlowFloor"/> m³/s, whichever is larger (a share of nothing is nothing: a closed link's flow is next to
/// zero in both, but not the same next to zero).
/// </summary>
public sealed record PeerComparison(IReadOnlyList<MomentComparison> Moments, IReadOnlyList<long> OnlyOurs, IReadOnlyList<long> OnlyTheirs)
{
    public const double HeadTolerance = 0.01;
    public const double FlowShare = 0.005;
    /// <summary>1e-5 m³/s: 0.01 L/s, 0.16 US gpm.</summary>
    public const double FlowFloor = 1e-5;

    public bool Agrees => Moments.Count > 0 && Moments.All(m => m.Within) && OnlyOurs.Count == 0 && OnlyTheirs.Count == 0;

    public double WorstHead => Moments.Count == 0 ? double.NaN : Moments.Max(m => m.HeadDifference);

    public static bool FlowWithin(double ours, double theirs) => Math.Abs(ours - theirs) <= Math.Max(FlowShare * Math.Abs(theirs), FlowFloor);

    public static PeerComparison Of(HydraulicResults ours, EpanetRun theirs)
    {
        var nodeMap = theirs.Nodes.Select(ours.Node).ToArray();
        var linkMap = theirs.Links.Select(ours.Link).ToArray();
        var byTime = ours.Steps.GroupBy(s => s.Time).ToDictionary(g => g.Key, g => g.Last());
        var moments = new List<MomentComparison>();
        var onlyTheirs = new List<long>();
        foreach (var step in theirs.Steps)
        {
            if (!byTime.TryGetValue(step.Time, out var mine)) { onlyTheirs.Add(step.Time); continue; }
            int worstNode = 0, worstLink = 0;
            double headDiff = -1, flowScore = -1;
            for (int i = 0; i < step.Head.Length; i++)
            {
                double d = Math.Abs(mine.Head[nodeMap[i]] - step.Head[i]);
                if (d > headDiff) (headDiff, worstNode) = (d, i);
            }
            for (int k = 0; k < step.Flow.Length; k++)
            {
                double q = mine.Flow[linkMap[k]], t = step.Flow[k];
                double score = Math.Abs(q - t) / Math.Max(FlowShare * Math.Abs(t), FlowFloor);
                if (score > flowScore) (flowScore, worstLink) = (score, k);
            }
            moments.Add(new MomentComparison(step.Time, theirs.Nodes[worstNode], headDiff, theirs.Links[worstLink],
                mine.Flow[linkMap[worstLink]], step.Flow[worstLink], headDiff <= HeadTolerance && flowScore <= 1));
        }
        var theirTimes = theirs.Steps.Select(s => s.Time).ToHashSet();
        return new PeerComparison(moments, [.. byTime.Keys.Where(t => !theirTimes.Contains(t)).Order()], onlyTheirs);
    }
}
