namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// Daily emergency admissions for a city's hospitals, deterministic for a seed. A hospital's expected count on a day is
/// <c>base × season × calendar × exp(city level + own level + steps) × (1 + waves)</c>, and its count a negative
/// binomial draw around it (<see cref="CountDraws"/>). Every part draws from its own stream (<see cref="DrawStreams"/>).
/// </summary>
public static class AdmissionsDataGenerator
{
    public static AdmissionsDataSet Generate(AdmissionsDataOptions options)
    {
        options = options.Validated();
        int days = options.Days;
        var sites = Enumerable.Range(0, options.Hospitals).Select(h => Site(options, h)).ToArray();
        var waves = new RespiratoryWaves(options);
        var city = LevelDrift.Autoregressive(DrawStreams.For(options.Seed, "city-level"), days, options.CityLevelSpread, options.CityLevelHalfLifeDays);
        var calendar = new double[days];
        for (int d = 0; d < days; d++)
        {
            var date = options.FirstDay.AddDays(d);
            calendar[d] = AnnualSeason.Factor(date, options.SeasonalAmplitude)
                * (options.Holidays ? WeekdayPattern.Of(date) : WeekdayPattern.Factor(date.DayOfWeek));
        }
        var counts = new int[options.Hospitals * days];
        var expected = new float[counts.Length];
        for (int h = 0; h < sites.Length; h++)
        {
            var own = LevelDrift.Autoregressive(DrawStreams.For(options.Seed, "hospital-level", h), days, options.HospitalLevelSpread, options.HospitalLevelHalfLifeDays);
            var steps = LevelDrift.Steps(DrawStreams.For(options.Seed, "hospital-steps", h), days, options.ShiftsPerHospitalYear, options.ShiftSpread);
            var wave = waves.Factors(h, days);
            for (int d = 0; d < days; d++)
            {
                double mean = sites[h].BaseLevel * calendar[d] * Math.Exp(city[d] + own[d] + steps[d]) * wave[d];
                expected[h * days + d] = (float)mean;
                counts[h * days + d] = DrawStreams.For(options.Seed, "count", h, d).NegativeBinomial(mean, options.Dispersion);
            }
        }
        var series = new AdmissionsSeries(options.FirstDay, days, sites.Select(s => s.Id).ToArray(), counts);
        return new AdmissionsDataSet(series, sites, waves.Labels, expected);
    }

    /// <summary>Beds log-uniform in [MinBeds, MaxBeds]; base level = beds × rate × the hospital's own factor.</summary>
    private static HospitalSite Site(AdmissionsDataOptions options, int hospital)
    {
        var random = DrawStreams.For(options.Seed, "hospital", hospital);
        int beds = (int)Math.Round(options.MinBeds * Math.Pow((double)options.MaxBeds / options.MinBeds, random.NextDouble()));
        double own = 1 + options.HospitalRateSpread * (2 * random.NextDouble() - 1);
        return new HospitalSite($"h{hospital + 1}", beds, beds * options.AdmissionsPerBedDay * own);
    }
}
