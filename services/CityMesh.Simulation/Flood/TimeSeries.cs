namespace CityMesh.Simulation.Flood;

/// <summary>
/// A quantity over time (seconds from the run's start): linear between its points, held at the first value before
/// them and at the last after them, so one point is a constant.
/// </summary>
public sealed record TimeSeries(double[] Seconds, double[] Values)
{
    public static TimeSeries Constant(double value) => new([0.0], [value]);

    public double At(double seconds)
    {
        if (seconds <= Seconds[0]) return Values[0];
        int last = Seconds.Length - 1;
        if (seconds >= Seconds[last]) return Values[last];
        int k = Array.BinarySearch(Seconds, seconds);
        if (k >= 0) return Values[k];
        int hi = ~k, lo = hi - 1;
        double w = (seconds - Seconds[lo]) / (Seconds[hi] - Seconds[lo]);
        return Values[lo] + w * (Values[hi] - Values[lo]);
    }

    /// <summary>Problems of the series called <paramref name="name"/>; values must be finite and ≥ 0 (rates).</summary>
    public IReadOnlyList<string> Problems(string name)
    {
        var problems = new List<string>();
        if (Seconds is null || Values is null || Seconds.Length == 0 || Seconds.Length != Values.Length)
        {
            problems.Add($"{name} must have as many times as values, at least one, not {Seconds?.Length ?? 0} and {Values?.Length ?? 0}");
            return problems;
        }
        for (int k = 0; k < Seconds.Length; k++)
        {
            if (!double.IsFinite(Seconds[k]) || (k > 0 && !(Seconds[k] > Seconds[k - 1])))
            {
                problems.Add($"{name}.seconds must be finite and strictly increasing, not {Seconds[k]} at {k}");
                break;
            }
        }
        if (FloodGrid.FirstBad(Values, v => v >= 0 && double.IsFinite(v)) is int b and >= 0)
            problems.Add($"{name}.values[{b}] must be a finite number ≥ 0, not {Values[b]}");
        return problems;
    }
}
