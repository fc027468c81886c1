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
/// zero in both, but not the same next to zero). Moments pair by time, within <see cref="TimeSlack"/>: the moment a
/// tank reaches a control's level is its volume to go over its inflow, so flows that agree within tolerance move it
/// (Net1 under pressure-driven demand: EPANET's own demand tolerance of 1e-4 cfs a junction is 0.03 L/s into a
/// 186 m² tank, and its pump restarts 2 s apart; 0.01 m of that tank is 62 s).
/// </summary>
public sealed record PeerComparison(IReadOnlyList<MomentComparison> Moments, IReadOnlyList<long> OnlyOurs, IReadOnlyList<long> OnlyTheirs)
{
    public const double HeadTolerance = 0.01;
    public const double FlowShare = 0.005;
    /// <summary>1e-5 m³/s: 0.01 L/s, 0.16 US gpm.</summary>
    public const double FlowFloor = 1e-5;
    /// <summary>Seconds two moments may differ and still be the same event (a tank reaching a control's level).</summary>
    public const long TimeSlack = 60;

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
        var paired = new HashSet<long>();
        foreach (var step in theirs.Steps)
        {
            // Ours nearest in time, not yet paired.
            long? match = null;
            for (long d = 0; d <= TimeSlack && match is null; d++)
            {
                if (byTime.ContainsKey(step.Time - d) && !paired.Contains(step.Time - d)) match = step.Time - d;
                else if (byTime.ContainsKey(step.Time + d) && !paired.Contains(step.Time + d)) match = step.Time + d;
            }
            if (match is not { } at) { onlyTheirs.Add(step.Time); continue; }
            paired.Add(at);
            var mine = byTime[at];
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
        return new PeerComparison(moments, [.. byTime.Keys.Where(t => !paired.Contains(t)).Order()], onlyTheirs);
    }
}
