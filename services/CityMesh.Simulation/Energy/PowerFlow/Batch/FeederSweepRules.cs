namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>
/// One snapshot's backward/forward sweep, the arithmetic of <see cref="BackwardForwardSweep"/> spelt out on doubles so
/// an ILGPU kernel can run it (no System.Numerics.Complex, no throw): the managed path and the kernel both call
/// <see cref="Solve"/>, so on ILGPU's CPU accelerator they agree bit for bit. Same model (chain-form two-ports), same
/// stopping rule (ΔP and ΔQ from Y at every non-slack bus, checked before each sweep), same limits (1e6 pu, 1e-3 pu,
/// the sweep limit); where the single sweep throws, this records the outcome and returns, and the other snapshots go on.
/// The load current is conj(S)·V / |V|² rather than Complex's scaled division: a few ulps apart, far inside 1e-9 pu.
/// </summary>
internal static class FeederSweepRules
{
    private const double DivergedMismatch = 1e6;
    private const double CollapsedMagnitudeSquared = 1e-6; // |V| below 1e-3 pu

    public static void Solve<TBatch>(TBatch b, int s) where TBatch : struct, IFeederSweepBatch
    {
        int n = b.Buses;
        for (int bus = 0; bus < n; bus++) b.SetVoltage(b.Slot(bus, s), b.StartE(bus), b.StartF(bus));
        for (int sweep = 0; ; sweep++)
        {
            double largest = 0;
            int worst = 0;
            LargestMismatch(b, s, ref largest, ref worst);
            if (!(largest <= DivergedMismatch))
            {
                b.Finish(s, (int)SnapshotOutcome.Diverged, sweep, largest, worst);
                return;
            }
            if (largest <= b.Tolerance)
            {
                b.Finish(s, (int)SnapshotOutcome.Converged, sweep, largest, worst);
                return;
            }
            if (sweep == b.MaxSweeps)
            {
                b.Finish(s, (int)SnapshotOutcome.NotConverged, sweep, largest, worst);
                return;
            }
            Backward(b, s);
            int collapsed = Forward(b, s);
            if (collapsed >= 0)
            {
                b.Finish(s, (int)SnapshotOutcome.VoltageCollapsed, sweep + 1, largest, collapsed);
                return;
            }
        }
    }

    /// <summary>
    /// The largest |ΔP| or |ΔQ| over the non-slack buses (all PQ: the sweep refuses PV buses) and its bus, as
    /// <see cref="Mismatch.Largest"/> finds it: a NaN wins and stops the search.
    /// </summary>
    private static void LargestMismatch<TBatch>(TBatch b, int s, ref double largest, ref int worst) where TBatch : struct, IFeederSweepBatch
    {
        for (int i = 0; i < b.Buses; i++)
        {
            if (i == b.Slack) continue;
            int si = b.Slot(i, s);
            double ei = b.E(si), fi = b.F(si);
            double re = 0, im = 0;
            for (int k = b.RowStart(i), end = b.RowStart(i + 1); k < end; k++)
            {
                int sj = b.Slot(b.Column(k), s);
                double ej = b.E(sj), fj = b.F(sj), g = b.G(k), y = b.B(k);
                re += g * ej - y * fj;
                im += g * fj + y * ej;
            }
            double dp = Math.Abs(ei * re + fi * im - b.PSpec(si));
            if (!(dp <= largest)) (largest, worst) = (dp, i);
            double dq = Math.Abs(fi * re - ei * im - b.QSpec(si));
            if (!(dq <= largest)) (largest, worst) = (dq, i);
            if (!(largest >= 0)) return; // NaN (largest is otherwise never negative)
        }
    }

    /// <summary>Leaves to root: each bus's load and shunt current, then each subtree's current summed into its parent's.</summary>
    private static void Backward<TBatch>(TBatch b, int s) where TBatch : struct, IFeederSweepBatch
    {
        for (int i = 0; i < b.Buses; i++)
        {
            int si = b.Slot(i, s);
            double e = b.E(si), f = b.F(si), magnitudeSquared = e * e + f * f;
            // The load drawn is S = −(P + jQ) specified; its current conj(S / V) = conj(S)·V / |V|².
            double sr = -b.PSpec(si), sq = -b.QSpec(si);
            double re = (sr * e + sq * f) / magnitudeSquared, im = (sr * f - sq * e) / magnitudeSquared;
            double g = b.ShuntG(i), y = b.ShuntB(i);
            b.SetDrawn(si, re + (g * e - y * f), im + (g * f + y * e));
        }
        for (int at = b.Buses - 1; at > 0; at--)
        {
            int child = b.OrderAt(at), up = b.ParentOf(child);
            int sc = b.Slot(child, s), su = b.Slot(up, s);
            double ve = b.E(su), vf = b.F(su), ie = b.DrawnRe(sc), jf = b.DrawnIm(sc);
            double ar = b.Chain(child, 0), ai = b.Chain(child, 1), br = b.Chain(child, 2), bi = b.Chain(child, 3);
            // drawn[up] += A·V[up] + B·drawn[child]
            double re = (ar * ve - ai * vf) + (br * ie - bi * jf);
            double im = (ar * vf + ai * ve) + (br * jf + bi * ie);
            b.SetDrawn(su, b.DrawnRe(su) + re, b.DrawnIm(su) + im);
        }
    }

    /// <summary>Root to leaves: V[child] = C·V[parent] + D·drawn[child]. Returns the bus index that collapsed, or −1.</summary>
    private static int Forward<TBatch>(TBatch b, int s) where TBatch : struct, IFeederSweepBatch
    {
        for (int at = 1; at < b.Buses; at++)
        {
            int child = b.OrderAt(at), up = b.ParentOf(child);
            int sc = b.Slot(child, s), su = b.Slot(up, s);
            double ve = b.E(su), vf = b.F(su), ie = b.DrawnRe(sc), jf = b.DrawnIm(sc);
            double cr = b.Chain(child, 4), ci = b.Chain(child, 5), dr = b.Chain(child, 6), di = b.Chain(child, 7);
            double e = (cr * ve - ci * vf) + (dr * ie - di * jf);
            double f = (cr * vf + ci * ve) + (dr * jf + di * ie);
            if (!(e * e + f * f > CollapsedMagnitudeSquared)) return child;
            b.SetVoltage(sc, e, f);
        }
        return -1;
    }
}
