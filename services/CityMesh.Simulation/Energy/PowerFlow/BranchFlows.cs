using System.Numerics;

namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// Branch flows from solved voltages: S_f = V_f·conj(Yff·V_f + Yft·V_t) at the from end, likewise at the to end, per
/// unit, and the loss S_f + S_t (what goes in at both ends and does not come out).
/// </summary>
internal static class BranchFlows
{
    public static (Complex From, Complex To) Of(PowerNetwork net, int k, ReadOnlySpan<double> vm, ReadOnlySpan<double> va)
    {
        if (!net.InService[k]) return (Complex.Zero, Complex.Zero);
        var vf = Complex.FromPolarCoordinates(vm[net.From[k]], va[net.From[k]]);
        var vt = Complex.FromPolarCoordinates(vm[net.To[k]], va[net.To[k]]);
        var y = net.Branches[k];
        return (vf * Complex.Conjugate(y.Yff * vf + y.Yft * vt), vt * Complex.Conjugate(y.Ytf * vf + y.Ytt * vt));
    }

    /// <summary>Total branch losses, per unit (real, reactive).</summary>
    public static Complex TotalLoss(PowerNetwork net, ReadOnlySpan<double> vm, ReadOnlySpan<double> va)
    {
        var sum = Complex.Zero;
        for (int k = 0; k < net.From.Length; k++)
        {
            var (from, to) = Of(net, k, vm, va);
            sum += from + to;
        }
        return sum;
    }

    /// <summary>
    /// Total branch losses, per unit, from complex voltages by bus index: what the batched sweep has, so its thousands of
    /// snapshots pay no sine or cosine per branch.
    /// </summary>
    public static Complex TotalLoss(PowerNetwork net, ReadOnlySpan<Complex> v)
    {
        var sum = Complex.Zero;
        for (int k = 0; k < net.From.Length; k++)
        {
            if (!net.InService[k]) continue;
            var (vf, vt, y) = (v[net.From[k]], v[net.To[k]], net.Branches[k]);
            sum += vf * Complex.Conjugate(y.Yff * vf + y.Yft * vt) + vt * Complex.Conjugate(y.Ytf * vf + y.Ytt * vt);
        }
        return sum;
    }

    public static BranchFlow Describe(PowerNetwork net, int k, ReadOnlySpan<double> vm, ReadOnlySpan<double> va)
    {
        var (from, to) = Of(net, k, vm, va);
        var branch = net.Grid.Branches[k];
        double mva = net.BaseMva;
        var loss = from + to;
        double? loading = branch.RateA > 0 && branch.InService
            ? Math.Max(from.Magnitude, to.Magnitude) * mva / branch.RateA * 100
            : null;
        return new BranchFlow(k, branch.From, branch.To, branch.InService,
            PerUnit.PowerToMw(from.Real, mva), PerUnit.PowerToMw(from.Imaginary, mva), PerUnit.PowerToMw(to.Real, mva), PerUnit.PowerToMw(to.Imaginary, mva),
            PerUnit.PowerToKw(loss.Real, mva), PerUnit.PowerToKw(loss.Imaginary, mva), loading);
    }
}
