using System.Numerics;
using CityMesh.Simulation.Energy;
using CityMesh.Simulation.Energy.PowerFlow;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>
/// Small grids whose answers are known in closed form or checked by Kirchhoff's laws written out here, independently of
/// the solver's admittance matrix: a transformer feeding a load (tap and phase shift), a generator holding its voltage
/// over a lossless line, and a meshed three-bus grid with a PV bus, a tap-changing phase-shifting transformer, line
/// charging and a shunt.
/// </summary>
public sealed class AnalyticPowerFlowTests
{
    private static Bus Slack(double vm = 1) => new(1, BusType.Slack, 0, 0, 0, 0, vm, 0, 132, 1.1, 0.9);

    private static Generator Supply(int bus, double pg, double vg) => new(bus, pg, 0, 999, -999, vg, 100, true, 999, 0);

    private static Branch Line(int from, int to, double r, double x, double b = 0, double tap = 1, double shift = 0, double rate = 0) =>
        new(from, to, r, x, b, rate, tap, shift, true);

    /// <summary>
    /// One transformer (r = 0.01, x = 0.1 pu, ratio 0.95, shift 3°) feeding P + jQ = 0.5 + j0.2 pu. Behind the ideal
    /// transformer the line sees V1' = V1 / (0.95·e^(j3°)), and a line feeding a constant-power load has
    /// |V2|² = (a + √(a² − 4|z|²|S|²)) / 2 with a = |V1'|² − 2(rP + xQ); with V2 taken as reference,
    /// V1'·|V2| = |V2|² + z·(P − jQ), so V2 lags V1' by δ = arg(|V2|² + z(P − jQ)); the loss is r·|S|²/|V2|².
    /// </summary>
    [Theory]
    [InlineData(PowerFlowMethod.NewtonRaphson)]
    [InlineData(PowerFlowMethod.BackwardForwardSweep)]
    public void Transformer_feeding_a_load_matches_the_closed_form(PowerFlowMethod method)
    {
        const double R = 0.01, X = 0.1, P = 0.5, Q = 0.2, Tap = 0.95, Shift = 3;
        var grid = new PowerGrid("two-bus", 100,
            [Slack(), new Bus(2, BusType.PQ, P * 100, Q * 100, 0, 0, 1, 0, 33, 1.1, 0.9)],
            [Supply(1, 0, 1)],
            [Line(1, 2, R, X, tap: Tap, shift: Shift)]);

        var result = new PowerFlowSolver(grid, new PowerFlowOptions(method)).Solve();

        double v1 = 1 / Tap;
        double a = v1 * v1 - 2 * (R * P + X * Q);
        double v2Squared = (a + Math.Sqrt(a * a - 4 * (R * R + X * X) * (P * P + Q * Q))) / 2;
        double delta = (v2Squared + new Complex(R, X) * new Complex(P, -Q)).Phase;
        Assert.Equal(Math.Sqrt(v2Squared), result.VmOf(2), 9);
        Assert.Equal(-Shift - delta * 180 / Math.PI, result.VaOf(2), 7);
        Assert.Equal(R * (P * P + Q * Q) / v2Squared * 100 * 1000, result.TotalLossKw, 5);
        Assert.Equal(X * (P * P + Q * Q) / v2Squared * 100 * 1000, result.TotalLossKvar, 5);
    }

    /// <summary>
    /// A generator bus (P = 0.5 pu, |V| held at 1) against the slack (|V| = 1) over a lossless line x = 0.2 pu:
    /// P = V1·V2·sin δ / x gives δ = asin(0.1), and each end supplies Q = (V² − V1·V2·cos δ) / x to the line.
    /// </summary>
    [Fact]
    public void Generator_holding_its_voltage_over_a_lossless_line_matches_the_closed_form()
    {
        const double X = 0.2, P = 0.5;
        var grid = new PowerGrid("pv", 100,
            [Slack(), new Bus(2, BusType.PV, 0, 0, 0, 0, 1, 0, 132, 1.1, 0.9)],
            [Supply(1, 0, 1), Supply(2, P * 100, 1)],
            [Line(1, 2, 0, X)]);

        var solver = new PowerFlowSolver(grid);
        var result = solver.Solve();

        Assert.Equal(PowerFlowMethod.NewtonRaphson, solver.Method); // a PV bus rules the sweep out
        double delta = Math.Asin(P * X);
        Assert.Equal(delta * 180 / Math.PI, result.VaOf(2), 9);
        Assert.Equal(1, result.VmOf(2), 12);
        Assert.Equal(-P * 100, result.SlackPMw, 7);
        Assert.Equal((1 - Math.Cos(delta)) / X * 100, result.SlackQMvar, 7);
        Assert.Equal(0, result.TotalLossKw, 6);
    }

    /// <summary>
    /// A meshed grid: slack 1 (1.0 pu), generator bus 2 (60 MW, 1.02 pu, 10 MW of its own load), load bus 3
    /// (100 MW + 40 MVAr, a 10 MVAr capacitor), lines 1-2 and 1-3 with charging, and 2-3 a transformer (ratio 1.05,
    /// shift −3°) — a loop, so Newton–Raphson. The solution is checked by Kirchhoff's current law at every bus, with each
    /// branch's currents worked out here from the π model behind an ideal transformer, and the solver's branch flows
    /// against the same currents.
    /// </summary>
    [Fact]
    public void Meshed_grid_with_a_generator_bus_and_a_phase_shifting_tap_changer_satisfies_Kirchhoff()
    {
        Branch[] branches = [Line(1, 2, 0.02, 0.06, b: 0.03, rate: 100), Line(2, 3, 0.01, 0.1, tap: 1.05, shift: -3, rate: 80), Line(1, 3, 0.08, 0.24, b: 0.025, rate: 60)];
        var grid = new PowerGrid("three-bus", 100,
            [Slack(), new Bus(2, BusType.PV, 10, 0, 0, 0, 1, 0, 132, 1.1, 0.9), new Bus(3, BusType.PQ, 100, 40, 0, 10, 1, 0, 132, 1.1, 0.9)],
            [Supply(1, 0, 1), Supply(2, 60, 1.02)],
            branches);

        var solver = new PowerFlowSolver(grid);
        var result = solver.Solve();

        Assert.False(solver.IsRadial);
        Assert.Equal(PowerFlowMethod.NewtonRaphson, result.Method);
        var v = Enumerable.Range(0, 3).Select(i => Complex.FromPolarCoordinates(result.Vm[i], result.VaDegrees[i] * Math.PI / 180)).ToArray();
        Assert.Equal(1, v[0].Magnitude, 12);
        Assert.Equal(0, v[0].Phase, 12);
        Assert.Equal(1.02, v[1].Magnitude, 12);
        var injected = new Complex[3];
        foreach (var (branch, flow) in branches.Zip(result.Branches))
        {
            var (from, to) = (branch.From - 1, branch.To - 1);
            var ratio = Complex.FromPolarCoordinates(branch.Tap, branch.ShiftDegrees * Math.PI / 180);
            var behind = v[from] / ratio; // the from voltage as the π model sees it
            var series = (behind - v[to]) / new Complex(branch.R, branch.X);
            var fromCurrent = (series + new Complex(0, branch.B / 2) * behind) / Complex.Conjugate(ratio);
            var toCurrent = -series + new Complex(0, branch.B / 2) * v[to];
            var sFrom = v[from] * Complex.Conjugate(fromCurrent);
            var sTo = v[to] * Complex.Conjugate(toCurrent);
            injected[from] += sFrom;
            injected[to] += sTo;
            Assert.Equal(sFrom.Real * 100, flow.PFromMw, 8);
            Assert.Equal(sFrom.Imaginary * 100, flow.QFromMvar, 8);
            Assert.Equal(sTo.Real * 100, flow.PToMw, 8);
            Assert.Equal((sFrom + sTo).Real * 100e3, flow.LossKw, 5);
            Assert.Equal(Math.Max(sFrom.Magnitude, sTo.Magnitude) * 100 / branch.RateA * 100, flow.LoadingPercent!.Value, 6);
        }
        // The capacitor's 10 MVAr at 1 pu scale with |V|²; what bus 3 sends into the branches is what it does not consume.
        var capacitor = new Complex(0, 0.1) * v[2].Magnitude * v[2].Magnitude;
        Assert.Equal((0.6 - 0.1), injected[1].Real, 9);
        Assert.Equal(-1.0, (injected[2] - capacitor).Real, 9);
        Assert.Equal(-0.4, (injected[2] - capacitor).Imaginary, 9);
        Assert.Equal(injected[0].Real * 100, result.SlackPMw, 7);
        Assert.Equal(result.Branches.Sum(b => b.LossKw) / 1000, result.SlackPMw + 60 - 110, 7);
    }

    [Fact]
    public void The_sweep_refuses_a_meshed_grid()
    {
        var grid = new PowerGrid("loop", 100,
            [Slack(), new Bus(2, BusType.PQ, 10, 5, 0, 0, 1, 0, 132, 1.1, 0.9), new Bus(3, BusType.PQ, 10, 5, 0, 0, 1, 0, 132, 1.1, 0.9)],
            [Supply(1, 0, 1)],
            [Line(1, 2, 0.01, 0.1), Line(2, 3, 0.01, 0.1), Line(1, 3, 0.01, 0.1)]);

        var e = Assert.Throws<PowerFlowException>(() => new PowerFlowSolver(grid, new PowerFlowOptions(PowerFlowMethod.BackwardForwardSweep)));
        Assert.Contains("radial", e.Message);
        Assert.Equal(PowerFlowMethod.NewtonRaphson, new PowerFlowSolver(grid).Method);
    }
}
