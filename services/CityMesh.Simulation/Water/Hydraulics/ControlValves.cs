namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// Pressure reducing, pressure sustaining and flow control valves acting on their settings, placed in the head
/// equations as EPANET does. An active PRV pins its downstream head at the setting (a huge diagonal term) and passes
/// whatever that node's balance needs; an active PSV pins its upstream head likewise; an active FCV cuts the network
/// at itself and moves its set flow from one end's balance to the other's. Any other state is a plain valve.
/// </summary>
internal static class ControlValves
{
    private const double Big = 1e8 * WaterUnits.CubicFoot / WaterUnits.Foot;

    /// <summary>A PRV, PSV or FCV with a setting (not fixed open or closed by the file or a control): handled here, after the other links.</summary>
    public static bool Acting(HydraulicNetwork net, HydraulicState s, int k) =>
        net.Kind[k] is LinkKind.Prv or LinkKind.Psv or LinkKind.Fcv && !double.IsNaN(s.Setting[k]);

    public static void Assemble(HydraulicNetwork net, HydraulicState s, int k, SparseCholesky matrix, double[] rhs, ref double p, ref double y)
    {
        int a = net.From[k], b = net.To[k];
        double q = s.Flow[k];
        bool ja = a < net.Junctions, jb = b < net.Junctions;
        if (s.State[k] == LinkState.Active)
        {
            switch (net.Kind[k])
            {
                case LinkKind.Prv:
                {
                    double hset = net.Elevation[b] + s.Setting[k];
                    p = 0;
                    y = q + s.Excess[b];
                    if (jb) { rhs[b] += hset * Big; matrix.AddDiagonal(b, Big); }
                    if (s.Excess[b] < 0 && ja) rhs[a] += s.Excess[b];
                    return;
                }
                case LinkKind.Psv:
                {
                    double hset = net.Elevation[a] + s.Setting[k];
                    p = 0;
                    y = q - s.Excess[a];
                    if (ja) { rhs[a] += hset * Big; matrix.AddDiagonal(a, Big); }
                    if (s.Excess[a] > 0 && jb) rhs[b] += s.Excess[a];
                    // Keep the two ends joined, however weakly, so the matrix stays positive definite.
                    if (ja && jb) matrix.AddOffDiagonal(a, b, -1 / Big);
                    if (jb) matrix.AddDiagonal(b, 1 / Big);
                    return;
                }
                case LinkKind.Fcv:
                {
                    double set = s.Setting[k];
                    s.Excess[a] -= set;
                    s.Excess[b] += set;
                    y = q - set;
                    if (ja) rhs[a] -= set;
                    if (jb) rhs[b] += set;
                    p = 1 / Big;
                    Join(net, s, a, b, p, matrix, rhs);
                    return;
                }
            }
        }
        (p, y) = s.State[k].IsClosed() ? LinkCoefficients.Closed(q) : LinkCoefficients.MinorLossOnly(net.MinorLoss[k], q);
        Join(net, s, a, b, p, matrix, rhs);
        if (ja) rhs[a] += y - q;
        if (jb) rhs[b] -= y - q;
    }

    private static void Join(HydraulicNetwork net, HydraulicState s, int a, int b, double p, SparseCholesky matrix, double[] rhs)
    {
        bool ja = a < net.Junctions, jb = b < net.Junctions;
        if (ja) matrix.AddDiagonal(a, p);
        else if (jb) rhs[b] += p * s.Head[a];
        if (jb) matrix.AddDiagonal(b, p);
        else if (ja) rhs[a] += p * s.Head[b];
        if (ja && jb) matrix.AddOffDiagonal(a, b, -p);
    }

    /// <summary>When junction <paramref name="node"/>'s pivot failed and an active valve ends there, fix the valve as a plain one and say so.</summary>
    public static bool Release(HydraulicNetwork net, HydraulicState s, int node)
    {
        for (int k = 0; k < net.Links; k++)
        {
            if (!Acting(net, s, k) || s.State[k] != LinkState.Active) continue;
            if (net.From[k] != node && net.To[k] != node) continue;
            s.State[k] = LinkState.Open;
            return true;
        }
        return false;
    }
}
