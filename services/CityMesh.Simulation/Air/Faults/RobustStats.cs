namespace CityMesh.Simulation.Air.Faults;

/// <summary>Median and scaled MAD over the finite values of a span, in a caller's scratch buffer (no allocation per call).</summary>
internal static class RobustStats
{
    /// <summary>1.4826 × MAD estimates the standard deviation of normal data while ignoring outliers.</summary>
    public const double MadToSigma = 1.4826;

    public static double Median(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var n = 0;
        foreach (var v in values)
            if (double.IsFinite(v)) scratch[n++] = v;
        return MedianInPlace(scratch[..n]);
    }

    /// <summary>Robust standard deviation: 1.4826 × median |v − median|.</summary>
    public static double Sigma(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var median = Median(values, scratch);
        if (double.IsNaN(median)) return double.NaN;
        var n = 0;
        foreach (var v in values)
            if (double.IsFinite(v)) scratch[n++] = Math.Abs(v - median);
        return MadToSigma * MedianInPlace(scratch[..n]);
    }

    public static double MedianInPlace(Span<double> values)
    {
        if (values.Length == 0) return double.NaN;
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
