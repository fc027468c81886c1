using System.Globalization;

namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// The synthetic data set as files in a directory, for other tools and so reruns skip generating it:
/// <c>admissions.csv</c> (day,date,hospital,admissions,expected), <c>hospitals.csv</c> (hospital,beds,base_level),
/// <c>waves.csv</c> (onset_day,onset_date,peak_day,end_day,peak_share,r0) and <c>dataset.txt</c> (the settings it was
/// made with, written last; a directory is reused only when they match).
/// </summary>
public static class AdmissionsDataCsv
{
    public static void Write(AdmissionsDataSet set, AdmissionsDataOptions options, string directory)
    {
        Directory.CreateDirectory(directory);
        var inv = CultureInfo.InvariantCulture;
        var s = set.Series;
        File.Delete(Path.Combine(directory, "dataset.txt"));
        using (var w = new StreamWriter(Path.Combine(directory, "admissions.csv")))
        {
            w.WriteLine("day,date,hospital,admissions,expected");
            for (int d = 0; d < s.Days; d++)
                for (int h = 0; h < s.Hospitals.Count; h++)
                    w.WriteLine(string.Create(inv, $"{d},{s.Date(d):yyyy-MM-dd},{s.Hospitals[h]},{s.Count(h, d)},{set.Expected[s.Index(h, d)]:0.###}"));
        }
        using (var w = new StreamWriter(Path.Combine(directory, "hospitals.csv")))
        {
            w.WriteLine("hospital,beds,base_level");
            foreach (var site in set.Sites) w.WriteLine(string.Create(inv, $"{site.Id},{site.Beds},{site.BaseLevel:0.###}"));
        }
        using (var w = new StreamWriter(Path.Combine(directory, "waves.csv")))
        {
            w.WriteLine("onset_day,onset_date,peak_day,end_day,peak_share,r0");
            foreach (var wave in set.Waves)
                w.WriteLine(string.Create(inv, $"{wave.OnsetDay},{s.Date(wave.OnsetDay):yyyy-MM-dd},{wave.PeakDay},{wave.EndDay},{wave.PeakShare:0.#####},{wave.R0:0.#####}"));
        }
        File.WriteAllText(Path.Combine(directory, "dataset.txt"), Settings(options));
    }

    /// <summary>The data set in <paramref name="directory"/> when it was made with <paramref name="options"/>; otherwise null.</summary>
    public static AdmissionsDataSet? TryRead(string directory, AdmissionsDataOptions options)
    {
        var meta = Path.Combine(directory, "dataset.txt");
        if (!File.Exists(meta) || File.ReadAllText(meta) != Settings(options)) return null;
        var inv = CultureInfo.InvariantCulture;
        var sites = File.ReadLines(Path.Combine(directory, "hospitals.csv")).Skip(1).Select(l => l.Split(','))
            .Select(c => new HospitalSite(c[0], int.Parse(c[1], inv), double.Parse(c[2], inv))).ToArray();
        var index = sites.Select((site, i) => (site.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var series = new AdmissionsSeries(options.FirstDay, options.Days, sites.Select(site => site.Id).ToArray(), new int[sites.Length * options.Days]);
        var expected = new float[series.Counts.Length];
        int rows = 0;
        foreach (var c in File.ReadLines(Path.Combine(directory, "admissions.csv")).Skip(1).Select(l => l.Split(',')))
        {
            int k = series.Index(index[c[2]], int.Parse(c[0], inv));
            series.Counts[k] = int.Parse(c[3], inv);
            expected[k] = float.Parse(c[4], inv);
            rows++;
        }
        if (rows != series.Counts.Length)
            throw new InvalidDataException($"{directory}/admissions.csv has {rows} rows; {options.Days} days of {sites.Length} hospitals need {series.Counts.Length}.");
        var waves = File.ReadLines(Path.Combine(directory, "waves.csv")).Skip(1).Select(l => l.Split(','))
            .Select(c => new RespiratoryWave(int.Parse(c[0], inv), int.Parse(c[2], inv), int.Parse(c[3], inv), double.Parse(c[4], inv), double.Parse(c[5], inv)))
            .ToArray();
        return new AdmissionsDataSet(series, sites, waves, expected);
    }

    /// <summary>Every setting that decides the data, one per line.</summary>
    public static string Settings(AdmissionsDataOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"format 1\nhospitals {o.Hospitals}\ndays {o.Days}\nseed {o.Seed}\nfirst-day {o.FirstDay:yyyy-MM-dd}\n" +
        $"beds {o.MinBeds}-{o.MaxBeds}\nadmissions-per-bed-day {o.AdmissionsPerBedDay}\nhospital-rate-spread {o.HospitalRateSpread}\n" +
        $"seasonal-amplitude {o.SeasonalAmplitude}\ncity-level {o.CityLevelSpread} half-life {o.CityLevelHalfLifeDays}\n" +
        $"hospital-level {o.HospitalLevelSpread} half-life {o.HospitalLevelHalfLifeDays}\nshifts-per-hospital-year {o.ShiftsPerHospitalYear} spread {o.ShiftSpread}\n" +
        $"waves-per-year {o.WavesPerYear} median-peak {o.WaveMedianPeak}\ndispersion {o.Dispersion}\nholidays {o.Holidays}\n");
}
