using System.Numerics;
using CityMesh.Simulation.Energy;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// The complex power entering a branch at each end from its ends' solved voltages, by MATPOWER's branch model (the
/// power flow's own): series admittance ys = 1 / (r + jx), charging b split to each end, an ideal transformer of
/// complex ratio τ = tap·e^(j·shift) at the from end: If = (ys + jb/2) / |τ|² · Vf − ys / τ* · Vt,
/// It = −ys / τ · Vf + (ys + jb/2) · Vt, S = V · I*. The time-series result holds voltages, not flows, so they are
/// worked out here, once per branch and interval.
/// </summary>
internal static class BranchPower
{
    /// <returns>MVA entering at the from end and at the to end.</returns>
    public static (Complex From, Complex To) Flows(Branch branch, double baseMva, double vmFrom, double vaFromDegrees, double vmTo, double vaToDegrees)
    {
        var ys = Complex.Reciprocal(new Complex(branch.R, branch.X));
        var charging = new Complex(0, branch.B / 2);
        var tau = Complex.FromPolarCoordinates(branch.Tap, branch.ShiftDegrees * Math.PI / 180);
        var vf = Complex.FromPolarCoordinates(vmFrom, vaFromDegrees * Math.PI / 180);
        var vt = Complex.FromPolarCoordinates(vmTo, vaToDegrees * Math.PI / 180);
        var iFrom = (ys + charging) / (tau.Magnitude * tau.Magnitude) * vf - ys / Complex.Conjugate(tau) * vt;
        var iTo = -ys / tau * vf + (ys + charging) * vt;
        return (vf * Complex.Conjugate(iFrom) * baseMva, vt * Complex.Conjugate(iTo) * baseMva);
    }
}
