using System.Globalization;
using System.Text;
using System.Text.Json;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Epidemic;

namespace CityMesh.Scenarios.Running;

/// <summary>One run's figures for one hospital: its peak patients in wards and in intensive care, and the days it had more than its free beds.</summary>
internal sealed record HospitalRun(int PeakWard, int PeakIcu, double DaysOverCapacity);

/// <summary>
/// The outbreak's patients per hospital against the beds free for them (<see cref="HospitalBeds"/>): each run's
/// curve per hospital (hospitals.csv), its city-wide KPIs, and across the members each hospital's figures with their
/// bands (hospitals.json), which the report draws.
/// </summary>
internal static class HospitalLoads
{
    public const string DaysOverCapacity = "daysOverCapacity", HospitalsOverCapacity = "hospitalsOverCapacity", PeakBedShortfall = "peakBedShortfall";
    public const string CsvName = "hospitals.csv", SummaryName = "hospitals.json";

    public static readonly IReadOnlyList<string> Kpis = [DaysOverCapacity, HospitalsOverCapacity, PeakBedShortfall];

    /// <summary>
    /// Each hospital's figures, and the city's: days on which any hospital was over (ward or ICU), hospitals over on
    /// some day, and the largest number of patients on one day beyond the free beds, summed over the hospitals.
    /// A step is over when its count at the end exceeds the free beds.
    /// </summary>
    public static (IReadOnlyList<HospitalRun> Hospitals, Dictionary<string, double> Kpis) Of(EpidemicResult result, IReadOnlyList<HospitalBeds> beds, double stepDays)
    {
        var loads = result.HospitalLoads;
        var runs = new List<HospitalRun>(beds.Count);
        for (int h = 0; h < beds.Count; h++)
        {
            int peakWard = 0, peakIcu = 0, over = 0;
            for (int t = 1; t < loads.Count; t++)
            {
                int ward = loads[t][2 * h], icu = loads[t][2 * h + 1];
                peakWard = Math.Max(peakWard, ward);
                peakIcu = Math.Max(peakIcu, icu);
                if (ward > beds[h].FreeWardBeds || icu > beds[h].FreeIcuBeds) over++;
            }
            runs.Add(new HospitalRun(peakWard, peakIcu, over * stepDays));
        }
        int daysAny = 0, peakShortfall = 0;
        for (int t = 1; t < loads.Count; t++)
        {
            int shortfall = 0;
            for (int h = 0; h < beds.Count; h++)
                shortfall += Math.Max(0, loads[t][2 * h] - beds[h].FreeWardBeds) + Math.Max(0, loads[t][2 * h + 1] - beds[h].FreeIcuBeds);
            if (shortfall > 0) daysAny++;
            peakShortfall = Math.Max(peakShortfall, shortfall);
        }
        return (runs, new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [DaysOverCapacity] = daysAny * stepDays,
            [HospitalsOverCapacity] = runs.Count(r => r.DaysOverCapacity > 0),
            [PeakBedShortfall] = peakShortfall,
        });
    }

    /// <summary>The run's patients per hospital and day, with the free beds beside them: {directory}/hospitals.csv.</summary>
    public static void WriteCsv(EpidemicResult result, IReadOnlyList<HospitalBeds> beds, string directory)
    {
        var csv = new StringBuilder("day,hospital,ward,icu,freeWardBeds,freeIcuBeds\n");
        for (int t = 0; t < result.HospitalLoads.Count; t++)
            for (int h = 0; h < beds.Count; h++)
                csv.Append(CultureInfo.InvariantCulture,
                    $"{result.Curve[t].Day:0.###},{beds[h].Id},{result.HospitalLoads[t][2 * h]},{result.HospitalLoads[t][2 * h + 1]},{beds[h].FreeWardBeds},{beds[h].FreeIcuBeds}\n");
        File.WriteAllText(Path.Combine(directory, CsvName), csv.ToString());
    }

    /// <summary>Each hospital's beds and, per variant, the members' mean and 5th–95th percentile band of its figures: {results}/hospitals.json.</summary>
    public static void WriteSummary(IReadOnlyList<HospitalBeds> beds, IReadOnlyDictionary<string, List<IReadOnlyList<HospitalRun>>> byVariant, string resultsDirectory)
    {
        var hospitals = beds.Select((b, h) => new HospitalSummary(b.Id, b.Name, b.WardBeds, b.IcuBeds, b.FreeWardBeds, b.FreeIcuBeds, b.Catchment,
            byVariant.ToDictionary(v => v.Key, v => new Dictionary<string, Band>(StringComparer.Ordinal)
            {
                ["peakWard"] = Band.Of(v.Value.Select(m => (double)m[h].PeakWard)),
                ["peakIcu"] = Band.Of(v.Value.Select(m => (double)m[h].PeakIcu)),
                [DaysOverCapacity] = Band.Of(v.Value.Select(m => m[h].DaysOverCapacity)),
            }, StringComparer.Ordinal))).ToList();
        File.WriteAllText(Path.Combine(resultsDirectory, SummaryName), JsonSerializer.Serialize(hospitals, ScenarioJson.Indented));
    }

    /// <summary>Reads what <see cref="WriteSummary"/> wrote; empty when the run had no hospitals.</summary>
    public static IReadOnlyList<HospitalSummary> ReadSummary(string resultsDirectory)
    {
        string path = Path.Combine(resultsDirectory, SummaryName);
        return File.Exists(path) ? JsonSerializer.Deserialize<List<HospitalSummary>>(File.ReadAllText(path), ScenarioJson.Options) ?? [] : [];
    }
}

/// <summary>A hospital's beds and its figures per variant (peakWard, peakIcu, daysOverCapacity), each a mean with its band.</summary>
public sealed record HospitalSummary(string Id, string Name, int WardBeds, int IcuBeds, int FreeWardBeds, int FreeIcuBeds, int Catchment,
    IReadOnlyDictionary<string, Dictionary<string, Band>> Variants);

/// <summary>The members' mean with the 5th and 95th percentiles.</summary>
public sealed record Band(double Mean, double Low, double High)
{
    public static Band Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? new(0, 0, 0)
            : new(Math.Round(sorted.Average(), 3), Math.Round(Percentile(sorted, 0.05), 3), Math.Round(Percentile(sorted, 0.95), 3));
    }

    /// <summary>Linear between ranks.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        double rank = p * (sorted.Length - 1);
        int below = (int)Math.Floor(rank);
        int above = Math.Min(sorted.Length - 1, below + 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
