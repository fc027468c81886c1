using System.Globalization;

namespace CityMesh.Scenarios.Kpis;

/// <summary>
/// How a KPI is shown with its band: an ensemble's KPI <c>x</c> comes with <c>xLow</c> and <c>xHigh</c> (the members'
/// 5th and 95th percentiles), which tables show beside the mean rather than as KPIs of their own.
/// </summary>
public static class KpiBands
{
    public const string Low = "Low", High = "High";

    /// <summary>The KPIs to list: those that are not another's band.</summary>
    public static IEnumerable<string> Headline(IEnumerable<string> names)
    {
        var all = names.ToList();
        var set = all.ToHashSet(StringComparer.Ordinal);
        return all.Where(n => !IsBand(n, set));
    }

    /// <summary>The KPI's value, with its band where it has one: "41,437 (41,207–41,713)"; empty when absent.</summary>
    public static string Cell(IReadOnlyDictionary<string, double> values, string name)
    {
        if (!values.TryGetValue(name, out double mean)) return "";
        string text = Number(mean);
        return values.TryGetValue(name + Low, out double low) && values.TryGetValue(name + High, out double high) && low != high
            ? $"{text} ({Number(low)}–{Number(high)})"
            : text;
    }

    private static bool IsBand(string name, HashSet<string> names) =>
        (name.EndsWith(Low, StringComparison.Ordinal) && names.Contains(name[..^Low.Length]))
        || (name.EndsWith(High, StringComparison.Ordinal) && names.Contains(name[..^High.Length]));

    private static string Number(double v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
}
