namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// The power balance both methods converge on: computed injection minus specified injection, real power at every bus
/// but the slack, reactive power at PQ buses (a PV bus's Q and the slack's P and Q are whatever balances).
/// </summary>
internal static class Mismatch
{
    /// <summary>The largest |ΔP| or |ΔQ| and its bus index; NaN anywhere gives NaN.</summary>
    public static (double Largest, int Bus) Largest(BusType[] types, ReadOnlySpan<double> p, ReadOnlySpan<double> q, ReadOnlySpan<double> pSpec, ReadOnlySpan<double> qSpec)
    {
        double largest = 0;
        int at = 0;
        for (int i = 0; i < types.Length; i++)
        {
            if (types[i] == BusType.Slack) continue;
            double dp = Math.Abs(p[i] - pSpec[i]);
            if (!(dp <= largest)) (largest, at) = (dp, i);
            if (types[i] != BusType.PQ) continue;
            double dq = Math.Abs(q[i] - qSpec[i]);
            if (!(dq <= largest)) (largest, at) = (dq, i);
            if (double.IsNaN(largest)) return (largest, at);
        }
        return (largest, at);
    }
}
