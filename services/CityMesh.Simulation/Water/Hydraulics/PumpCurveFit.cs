namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// A pump's head gain as the solver uses it: h = ω²·h0 − b·ω^(2−n)·q^n at relative speed ω (the affinity laws), with
/// h0 the shutoff head. One design point (q1, h1) is widened as EPANET does (shutoff 4/3·h1, no head at 2·q1); a
/// curve of three points starting at zero flow is fitted through all three; any other curve is used piecewise
/// linearly (<see cref="Custom"/>).
/// </summary>
internal sealed record PumpCurveFit(double ShutoffHead, double B, double N, double MaxFlow, WaterCurve? Custom)
{
    public static PumpCurveFit From(WaterCurve curve, string pumpId)
    {
        var x = curve.X;
        var y = curve.Y;
        if (x.Count == 1)
            return PowerThrough(pumpId, curve.Id, 1.33334 * y[0], x[0], y[0], 2 * x[0], 0);
        if (x.Count == 3 && x[0] == 0)
            return PowerThrough(pumpId, curve.Id, y[0], x[1], y[1], x[2], y[2]);
        for (int i = 1; i < x.Count; i++)
            if (y[i] >= y[i - 1])
                throw new ArgumentException($"pump '{pumpId}': head curve '{curve.Id}' must fall as flow rises (point {i + 1} does not)");
        // Beyond the last point the last segment goes on; the shutoff head is the first segment taken back to zero flow.
        double slope = (y[1] - y[0]) / (x[1] - x[0]);
        return new PumpCurveFit(y[0] - slope * x[0], 0, 1, x[^1], curve);
    }

    private static PumpCurveFit PowerThrough(string pumpId, string curveId, double h0, double q1, double h1, double q2, double h2)
    {
        // h0 − h = b·q^n through the two points: n from their ratio, then b.
        double d1 = h0 - h1, d2 = h0 - h2;
        if (!(q1 > 0 && q2 > q1 && d1 > 0 && d2 > d1))
            throw new ArgumentException($"pump '{pumpId}': head curve '{curveId}' cannot be fitted by a power function (heads must fall as flows rise from a shutoff head at zero flow)");
        double n = Math.Log(d2 / d1) / Math.Log(q2 / q1);
        if (!(n > 0 && n <= 20))
            throw new ArgumentException($"pump '{pumpId}': head curve '{curveId}' gives an exponent of {n:G4}, outside (0, 20]");
        double b = d1 / Math.Pow(q1, n);
        return new PumpCurveFit(h0, b, n, Math.Pow(h0 / b, 1 / n), null);
    }

    /// <summary>A custom curve's segment that flow <paramref name="q"/> (at full speed) falls on: its head at zero flow and its slope (negative).</summary>
    public (double Intercept, double Slope) Segment(double q)
    {
        var c = Custom!;
        var x = c.X;
        int k = 1;
        while (k < x.Count - 1 && x[k] < q) k++;
        double slope = (c.Y[k] - c.Y[k - 1]) / (x[k] - x[k - 1]);
        return (c.Y[k - 1] - slope * x[k - 1], slope);
    }
}
