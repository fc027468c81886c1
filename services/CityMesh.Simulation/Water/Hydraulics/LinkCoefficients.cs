namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// Each link's linearisation for the gradient method: P, the inverse of its head-loss gradient at the current flow,
/// and Y = P × its head loss, so the flow's Newton update is q ← q − (Y − P·Δh). Pipes by Hazen–Williams,
/// Darcy–Weisbach (Swamee–Jain; Hagen–Poiseuille below Re 2000; Dunlop's cubic between 2000 and 4000) or Manning,
/// with minor losses; pumps by their curve at their speed; valves by their type. Closed links conduct next to
/// nothing (a gradient of 1e8 ft/cfs), so their flow falls to about zero without leaving the matrix.
/// </summary>
internal static class LinkCoefficients
{
    /// <summary>An open valve without a minor loss: EPANET's "small resistance", 1e-6 ft/cfs.</summary>
    public const double OpenValveGradient = 1e-6 * WaterUnits.Foot / WaterUnits.CubicFoot;

    public static (double P, double Y) Of(HydraulicNetwork net, HydraulicState s, int k)
    {
        double q = s.Flow[k];
        if (s.State[k].IsClosed()) return Closed(q);
        return net.Kind[k] switch
        {
            LinkKind.Pipe or LinkKind.CheckValvePipe => net.Options.HeadLoss == HeadLossFormula.DarcyWeisbach ? DarcyWeisbach(net, k, q) : PowerLaw(net, k, q),
            LinkKind.Pump => Pump(net, s, k, q),
            LinkKind.Tcv => MinorLossOnly(double.IsNaN(s.Setting[k]) ? net.MinorLoss[k] : ThrottleLoss(net, k, s.Setting[k]), q),
            LinkKind.Gpv => GeneralPurpose(net, k, q),
            LinkKind.Pbv => PressureBreaker(net, s, k, q),
            // PRVs, PSVs and FCVs acting on a setting are placed in the matrix by ControlValves; fixed open, a minor loss.
            _ => MinorLossOnly(net.MinorLoss[k], q),
        };
    }

    public static (double P, double Y) Closed(double q) => (1 / HydraulicTolerances.ClosedGradient, q);

    /// <summary>m of h = m·q² for a TCV at loss coefficient <paramref name="coefficient"/>.</summary>
    public static double ThrottleLoss(HydraulicNetwork net, int k, double coefficient) =>
        8 * coefficient / (Math.PI * Math.PI * WaterUnits.EpanetGravity * Math.Pow(net.Diameter[k], 4));

    public static (double P, double Y) MinorLossOnly(double m, double q)
    {
        if (m <= 0) return (1 / OpenValveGradient, q);
        double gradient = 2 * m * Math.Abs(q);
        if (gradient < HydraulicTolerances.MinGradient) return (2 / HydraulicTolerances.MinGradient, q);
        return (1 / gradient, q / 2);
    }

    private static (double P, double Y) PowerLaw(HydraulicNetwork net, int k, double flow)
    {
        double q = Math.Abs(flow);
        double r = net.Resistance[k], m = net.MinorLoss[k];
        double n = net.Options.HeadLoss == HeadLossFormula.HazenWilliams ? 1.852 : 2;
        double gradient = n * r * Math.Pow(q, n - 1);
        double loss;
        // A line through the origin at the least gradient where the power law is flatter, so tiny flows still solve.
        if (gradient < HydraulicTolerances.MinGradient)
        {
            gradient = HydraulicTolerances.MinGradient / n;
            loss = gradient * q;
        }
        else loss = gradient * q / n;
        if (m > 0)
        {
            loss += m * q * q;
            gradient += 2 * m * q;
        }
        return (1 / gradient, Math.Sign(flow) * loss / gradient);
    }

    private static (double P, double Y) DarcyWeisbach(HydraulicNetwork net, int k, double flow)
    {
        double q = Math.Abs(flow);
        double d = net.Diameter[k];
        double r = net.Resistance[k], m = net.MinorLoss[k];
        double s = net.Options.Viscosity * d;
        // Re = 4q/(π·d·ν): laminar below 2000, where q ≤ 500π·ν·d.
        double loss, gradient;
        if (q <= 500 * Math.PI * s)
        {
            // Hagen–Poiseuille: f = 64/Re = 16π·ν·d/q, so h = 16π·ν·d·r·q.
            double rl = 16 * Math.PI * s * r;
            loss = flow * (rl + m * q);
            gradient = rl + 2 * m * q;
        }
        else
        {
            double f = FrictionFactor(q, net.Roughness[k] / d, s, out double dfdq);
            double r1 = f * r + m;
            loss = r1 * q * flow;
            gradient = 2 * r1 * q + dfdq * r * q * q;
        }
        return (1 / gradient, loss / gradient);
    }

    /// <summary>
    /// Darcy's f at |flow| <paramref name="q"/>, relative roughness <paramref name="e"/>, <paramref name="s"/> = ν·d.
    /// Swamee–Jain from Re 4000; between 2000 and 4000, Dunlop's cubic that meets 64/Re at 2000 and Swamee–Jain (value
    /// and slope) at 4000 (the interpolation EPANET documents).
    /// </summary>
    public static double FrictionFactor(double q, double e, double s, out double dfdq)
    {
        double w = q / s; // Re·π/4
        double ln10 = Math.Log(10);
        if (w >= 1000 * Math.PI)
        {
            double y1 = 5.74 * Math.Pow(Math.PI / 4, 0.9) / Math.Pow(w, 0.9);
            double y2 = e / 3.7 + y1;
            double y3 = -2 / ln10 * Math.Log(y2);
            double f = 1 / (y3 * y3);
            dfdq = 1.8 * f * y1 * (-2 / ln10) / y2 / y3 / q;
            return f;
        }
        double ab = 5.74 / Math.Pow(4000, 0.9);
        double ac = -2 * 0.9 * 2 / ln10 * ab;
        double z2 = e / 3.7 + ab;
        double z3 = -2 / ln10 * Math.Log(z2);
        double fa = 1 / (z3 * z3);
        double fb = (2 + ac / (z2 * z3)) * fa;
        double rr = w / (500 * Math.PI);
        double x1 = 7 * fa - fb;
        double x2 = 0.128 - 17 * fa + 2.5 * fb;
        double x3 = -0.128 + 13 * fa - 2 * fb;
        double x4 = 0.032 - 3 * fa + 0.5 * fb;
        dfdq = (x2 + rr * (2 * x3 + rr * 3 * x4)) / s / (500 * Math.PI);
        return x1 + rr * (x2 + rr * (x3 + rr * x4));
    }

    private static (double P, double Y) Pump(HydraulicNetwork net, HydraulicState s, int k, double flow)
    {
        double speed = s.Setting[k];
        if (speed == 0) return Closed(flow);
        double q = Math.Abs(flow);
        if (net.PumpFit[k] is not { } fit)
        {
            // Constant power P: head gain P/(ρg·q).
            double c = net.PumpPower[k] / (1000 * WaterUnits.Gravity);
            q = Math.Max(q, HydraulicTolerances.TinyFlow);
            double g = c / (q * q);
            if (g > HydraulicTolerances.ClosedGradient) return Closed(flow);
            if (g < OpenValveGradient) return (1 / OpenValveGradient, flow);
            return (1 / g, -c / flow / g);
        }
        if (fit.Custom is not null)
        {
            // The straight segment the speed-scaled flow falls on: gain = ω²·h0 + ω·slope·q (slope < 0).
            var (intercept, slope) = fit.Segment(q / speed);
            double g = Math.Max(-slope * speed, HydraulicTolerances.MinGradient);
            return (1 / g, (-intercept * speed * speed + g * flow) / g);
        }
        double h0 = speed * speed * fit.ShutoffHead;
        double r = fit.B * Math.Pow(speed, 2 - fit.N);
        double gradient = fit.N * r * Math.Pow(q, fit.N - 1);
        double loss;
        if (gradient < HydraulicTolerances.MinGradient)
        {
            gradient = HydraulicTolerances.MinGradient;
            loss = -h0 + gradient * flow;
        }
        else loss = -h0 + gradient * flow / fit.N;
        return (1 / gradient, loss / gradient);
    }

    private static (double P, double Y) GeneralPurpose(HydraulicNetwork net, int k, double flow)
    {
        var c = net.ValveCurve[k]!;
        double q = Math.Max(Math.Abs(flow), HydraulicTolerances.TinyFlow);
        var x = c.X;
        int k2 = 1;
        while (k2 < x.Count - 1 && x[k2] < q) k2++;
        double slope = Math.Max((c.Y[k2] - c.Y[k2 - 1]) / (x[k2] - x[k2 - 1]), HydraulicTolerances.TinyFlow);
        double h0 = c.Y[k2 - 1] - slope * x[k2 - 1];
        return (1 / slope, (h0 / slope + q) * Math.Sign(flow));
    }

    private static (double P, double Y) PressureBreaker(HydraulicNetwork net, HydraulicState s, int k, double flow)
    {
        double setting = s.Setting[k];
        double m = net.MinorLoss[k];
        if (double.IsNaN(setting) || setting == 0 || m * flow * flow > setting) return MinorLossOnly(m, flow);
        // Hold the head loss at the setting: a huge conductance about it.
        double big = 1e8 * WaterUnits.CubicFoot / WaterUnits.Foot;
        return (big, setting * big);
    }
}
