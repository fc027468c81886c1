using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Kpis;

/// <summary>Ensemble means and percentage changes, one definition for the local runner and the operator.</summary>
public static class KpiMath
{
    /// <summary>(value − baseline) / baseline × 100, or null where the baseline is 0 (no meaningful ratio).</summary>
    public static double? ChangePercent(double value, double baseline) =>
        baseline == 0 ? null : (value - baseline) / baseline * 100;

    /// <summary>
    /// Merges the reports of ensemble members (each from one seed) into their means, weighting each by its
    /// <see cref="KpiReport.Runs"/>; interventions are matched by name; changes are recomputed from the means.
    /// </summary>
    public static KpiReport Merge(IReadOnlyCollection<KpiReport> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException("No ensemble member reported KPIs.", nameof(members));
        if (members.Count == 1) return WithChanges(members.First());
        int runs = members.Sum(m => m.Runs);
        var baseline = Mean(members.Select(m => (m.Baseline, m.Runs)));
        var names = members.SelectMany(m => m.Interventions.Select(i => i.Name)).Distinct(StringComparer.Ordinal).ToArray();
        var interventions = names.Select(name =>
        {
            var weighted = members.SelectMany(m => m.Interventions.Where(i => i.Name == name).Select(i => (i.Values, m.Runs))).ToArray();
            return new InterventionKpis { Name = name, Values = Mean(weighted) };
        }).ToArray();
        var devices = members.Select(m => m.Device).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return WithChanges(new KpiReport { Baseline = baseline, Interventions = interventions, Runs = runs, Device = devices.Length == 0 ? null : string.Join("; ", devices) });
    }

    /// <summary>Fills each intervention's <see cref="InterventionKpis.ChangePercent"/> from its values and the baseline.</summary>
    public static KpiReport WithChanges(KpiReport report) => report with
    {
        Interventions = report.Interventions.Select(i => i with
        {
            ChangePercent = i.Values
                .Where(v => report.Baseline.ContainsKey(v.Key))
                .Select(v => (v.Key, Change: ChangePercent(v.Value, report.Baseline[v.Key])))
                .Where(v => v.Change is not null)
                .ToDictionary(v => v.Key, v => Math.Round(v.Change!.Value, 2), StringComparer.Ordinal),
        }).ToArray(),
    };

    private static Dictionary<string, double> Mean(IEnumerable<(IReadOnlyDictionary<string, double> Values, int Runs)> weighted)
    {
        var sums = new Dictionary<string, (double Sum, int Runs)>(StringComparer.Ordinal);
        foreach (var (values, n) in weighted)
            foreach (var (key, value) in values)
            {
                sums.TryGetValue(key, out var s);
                sums[key] = (s.Sum + value * n, s.Runs + n);
            }
        return sums.ToDictionary(p => p.Key, p => p.Value.Sum / p.Value.Runs, StringComparer.Ordinal);
    }
}
