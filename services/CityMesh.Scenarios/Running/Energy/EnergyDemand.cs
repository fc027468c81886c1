using System.Globalization;
using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// What a run asks of the grid, as per-interval factors and per-bus quantities (so a season of a large grid is not a
/// buses × intervals matrix): bus i's base load in interval t is its peak (the case's Pd, Qd) ·
/// <see cref="Share"/>[kind][t] · <see cref="HeatFactor"/>[t] · <see cref="LoadScale"/>, at the case's power factor
/// (a bus with its meter's day, <see cref="GridBus.HourlyShare"/>, has a row of its own, the same every day);
/// its EV chargers draw <see cref="ChargersMw"/>[i] · <see cref="EvShare"/>[t] at unity power factor; its PV gives
/// <see cref="PvKwp"/>[i] · <see cref="PvPerKwp"/>[t] kW before curtailment, also at unity power factor. The chargers
/// and PV already at a bus (<see cref="GridBus.PresentEvKw"/>, <see cref="GridBus.PresentPvKwp"/>) are there in every
/// run beside the variant's: they charge on the variant's EV profile (the default evening one where it adds none) and
/// produce on its PV's orientation (the default where it adds none).
/// </summary>
/// <param name="IntervalHours">Hours per interval.</param>
/// <param name="Temperature">Air temperature per interval, heat wave included, °C.</param>
/// <param name="Share">Per kind (<see cref="KindOf"/>), then per metered bus, per interval: the share of the peak.</param>
/// <param name="KindOf">Per bus, its row of <see cref="Share"/>.</param>
/// <param name="ChargersMw">Per bus, its chargers' total rating (present and added), MW.</param>
/// <param name="PvKwp">Per bus, its PV (present and added), kWp.</param>
public sealed record EnergyDemand(
    int Intervals, double IntervalHours, double[] Temperature, double[] HeatFactor, double[][] Share, int[] KindOf, double LoadScale,
    double[] EvShare, double[] ChargersMw, double[] PvPerKwp, double[] PvKwp)
{
    /// <summary>Bus i's base-load multiplier in interval t (of its peak).</summary>
    public double LoadFactor(int t, int bus) => Share[KindOf[bus]][t] * HeatFactor[t] * LoadScale;

    public static EnergyDemand Build(EnergyGrid grid, EnergySpec spec, EnergyVariant variant)
    {
        int intervals = spec.Hours * 60 / spec.IntervalMinutes;
        double dt = spec.IntervalMinutes / 60.0;
        var start = StartDate(spec);
        var temperature = new double[intervals];
        var heat = new double[intervals];
        int n = grid.Power.Buses.Count, kinds = EnergyLoadsSpec.Kinds.Count;
        var kindOf = grid.Buses.Select(b => Math.Max(0, EnergyLoadsSpec.Kinds.ToList().IndexOf(b.LoadKind))).ToArray();
        var metered = new List<IReadOnlyList<double>>();
        for (int i = 0; i < n; i++)
            if (grid.Buses[i].HourlyShare is { Count: 24 } day)
            {
                kindOf[i] = kinds + metered.Count;
                metered.Add(day);
            }
        var share = new double[kinds + metered.Count][];
        for (int k = 0; k < share.Length; k++) share[k] = new double[intervals];
        for (int t = 0; t < intervals; t++)
        {
            double hours = t * dt, middle = hours + dt / 2;
            var local = start.AddHours(hours);
            bool weekend = local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            for (int k = 0; k < kinds; k++) share[k][t] = LoadShapes.Share(EnergyLoadsSpec.Kinds[k], local.Hour, weekend);
            for (int m = 0; m < metered.Count; m++) share[kinds + m][t] = metered[m][local.Hour];
            double ordinary = Ordinary(spec.Weather, middle);
            temperature[t] = ordinary + Rise(variant.HeatWave, middle);
            heat[t] = HeatMultiplier(variant.HeatWave, ordinary, temperature[t]);
        }
        var chargers = grid.Buses.Select(b => b.PresentEvKw / 1000).ToArray();
        var kwp = grid.Buses.Select(b => b.PresentPvKwp).ToArray();
        if (variant.EvAdoption is { } ev)
        {
            for (int i = 0; i < n; i++)
                if (grid.Power.Buses[i].Pd > 0) chargers[i] += (ev.ChargersPerLoadBus ?? 0) * ev.Kilowatts / 1000;
            for (int j = 0; j < ev.Buses.Count; j++)
                chargers[EnergyGridSetup.Bus(grid, ev.Buses[j].Bus, $"{variant.FieldOf(EnergyVariant.Ev)}.buses[{j}].bus")] += (ev.Buses[j].Chargers ?? 0) * ev.Kilowatts / 1000;
        }
        if (variant.PvGrowth is { } pv)
        {
            for (int i = 0; i < n; i++)
                if (grid.Power.Buses[i].Pd > 0) kwp[i] += pv.KwpPerLoadBus ?? 0;
            for (int j = 0; j < pv.Buses.Count; j++)
                kwp[EnergyGridSetup.Bus(grid, pv.Buses[j].Bus, $"{variant.FieldOf(EnergyVariant.Pv)}.buses[{j}].bus")] += pv.Buses[j].Kwp ?? 0;
        }
        // Present chargers and PV follow the variant's profile and orientation, or the defaults where it adds none.
        var evProfile = variant.EvAdoption ?? (chargers.Any(c => c > 0) ? new EvAdoptionSpec() : null);
        var pvModules = variant.PvGrowth ?? (kwp.Any(k => k > 0) ? new PvGrowthSpec() : null);
        return new EnergyDemand(intervals, dt, temperature, heat, share, kindOf, variant.LoadScale,
            evProfile is not null ? EvCharging.Share(evProfile, intervals, dt) : new double[intervals], chargers,
            pvModules is not null && spec.Site is { } site ? PvOutput.PerKwp(pvModules, site, start, intervals, dt, temperature) : new double[intervals], kwp);
    }

    /// <summary>Local midnight of spec.energy.startDate.</summary>
    public static DateTime StartDate(EnergySpec spec) =>
        DateTime.TryParseExact(spec.StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ScenarioInputException("spec.energy.startDate", $"'{spec.StartDate}' is not a date such as 2026-07-15.");

    /// <summary>The ordinary day's temperature at <paramref name="hours"/> from the start: base + amplitude · cos(2π (hour − peak) / 24).</summary>
    public static double Ordinary(WeatherSpec weather, double hours) =>
        weather.BaseCelsius + weather.AmplitudeCelsius * Math.Cos(2 * Math.PI * (hours - weather.PeakHour) / 24);

    /// <summary>The heat wave's rise at <paramref name="hours"/> from the start: none before its start day, then building up linearly over rampDays.</summary>
    public static double Rise(HeatWaveSpec? wave, double hours)
    {
        if (wave?.RiseCelsius is not { } rise) return 0;
        double days = hours / 24 - wave.StartDay;
        if (days < 0) return 0;
        return wave.RampDays <= 0 ? rise : rise * Math.Min(1, days / wave.RampDays);
    }

    /// <summary>
    /// 1 + sensitivity · (the degrees above comfort in the heat wave − those the ordinary day already had): the base
    /// shapes hold the ordinary day's cooling, so only the heat wave's extra degrees add load.
    /// </summary>
    public static double HeatMultiplier(HeatWaveSpec? wave, double ordinary, double hot) =>
        wave is null ? 1 : 1 + wave.SensitivityPercentPerCelsius / 100 * (Math.Max(0, hot - wave.ComfortCelsius) - Math.Max(0, ordinary - wave.ComfortCelsius));
}
