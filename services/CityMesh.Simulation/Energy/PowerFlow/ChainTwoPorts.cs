using System.Numerics;

namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// Each bus's parent branch of a <see cref="FeederTree"/> as a two-port in chain form, indexed by the child bus (the
/// slack has none): with the child drawing I_c and the parent at V_p, V_c = C·V_p + D·I_c and the current the branch
/// draws at the parent end is I_p = A·V_p + B·I_c (a plain series line z: A = 0, B = 1, C = 1, D = −z). Built once per
/// grid from the branch's full two-port (<see cref="BranchAdmittance"/>), so taps, phase shifts and line charging are
/// in it; the single sweep and the batched one both read these arrays.
/// </summary>
internal sealed class ChainTwoPorts
{
    public ChainTwoPorts(PowerNetwork net, FeederTree tree)
    {
        int n = net.BusCount;
        (A, B, C, D) = (new Complex[n], new Complex[n], new Complex[n], new Complex[n]);
        for (int bus = 0; bus < n; bus++)
        {
            int k = tree.ParentBranch[bus];
            if (k < 0) continue;
            var y = net.Branches[k];
            // Parent p and child c ends of the two-port: I_p = Ypp·V_p + Ypc·V_c, −I_c = Ycp·V_p + Ycc·V_c.
            var (ypp, ypc, ycp, ycc) = net.From[k] == tree.Parent[bus] ? (y.Yff, y.Yft, y.Ytf, y.Ytt) : (y.Ytt, y.Ytf, y.Yft, y.Yff);
            C[bus] = -ycp / ycc;
            D[bus] = -Complex.One / ycc;
            A[bus] = ypp + ypc * C[bus];
            B[bus] = ypc * D[bus];
        }
    }

    public Complex[] A { get; }

    public Complex[] B { get; }

    public Complex[] C { get; }

    public Complex[] D { get; }
}
