using System.Numerics;

namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// A branch as a two-port in per unit: the currents it draws from its ends, I_f = Yff·V_f + Yft·V_t and
/// I_t = Ytf·V_f + Ytt·V_t. The π model (series y_s = 1/(r + jx), half the charging jb/2 at each end) sits behind an
/// ideal transformer at the from end with complex ratio N = tap·e^(j·shift) (from side over to side): the from-end
/// voltage seen by the π is V_f / N and the from-end current is the π's current over N*. Hence
/// Yff = (y_s + jb/2) / tap², Yft = −y_s / N*, Ytf = −y_s / N, Ytt = y_s + jb/2; a phase shift makes Yft ≠ Ytf.
/// </summary>
internal readonly record struct BranchAdmittance(Complex Yff, Complex Yft, Complex Ytf, Complex Ytt)
{
    public static BranchAdmittance Of(Branch branch)
    {
        var series = Complex.One / new Complex(branch.R, branch.X);
        var ends = series + new Complex(0, branch.B / 2);
        var ratio = Complex.FromPolarCoordinates(branch.Tap, branch.ShiftDegrees * Math.PI / 180);
        return new BranchAdmittance(
            Yff: ends / (branch.Tap * branch.Tap),
            Yft: -series / Complex.Conjugate(ratio),
            Ytf: -series / ratio,
            Ytt: ends);
    }
}
