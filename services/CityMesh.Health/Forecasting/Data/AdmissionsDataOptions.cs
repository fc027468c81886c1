namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// How the synthetic daily emergency admissions are made. Every default is argued, with its source, in
/// Forecasting/README.md ("Data design"); the defaults were set there before any model was scored on them.
/// </summary>
public sealed record AdmissionsDataOptions
{
    public int Hospitals { get; init; } = 12;

    /// <summary>156 weeks by default: two years to train on, the last half year held out.</summary>
    public int Days { get; init; } = 1092;

    public int Seed { get; init; } = 42;

    /// <summary>Day 0's date (a Monday by default), which decides weekdays, holidays and the season.</summary>
    public DateOnly FirstDay { get; init; } = new(2023, 4, 3);

    /// <summary>General and acute beds per hospital, drawn log-uniformly between these.</summary>
    public int MinBeds { get; init; } = 250;

    public int MaxBeds { get; init; } = 1200;

    /// <summary>Emergency admissions per general and acute bed per day, England's ratio (about 0.165 in 2017/18).</summary>
    public double AdmissionsPerBedDay { get; init; } = 0.17;

    /// <summary>A hospital's own factor on that rate (case mix, how much of its catchment it serves): uniform within ± this.</summary>
    public double HospitalRateSpread { get; init; } = 0.15;

    /// <summary>Amplitude of the smooth annual cosine (peak mid-January, trough mid-July), before the waves.</summary>
    public double SeasonalAmplitude { get; init; } = 0.03;

    /// <summary>City-wide level (weather spells, primary and social care capacity): AR(1) log-level spread σ.</summary>
    public double CityLevelSpread { get; init; } = 0.03;

    public double CityLevelHalfLifeDays { get; init; } = 21;

    /// <summary>A hospital's own level (diversions, its neighbours' pressure, local outbreaks): AR(1) log-level spread σ.</summary>
    public double HospitalLevelSpread { get; init; } = 0.03;

    public double HospitalLevelHalfLifeDays { get; init; } = 35;

    /// <summary>Permanent steps in a hospital's level (a service moved to or from it), per hospital and year.</summary>
    public double ShiftsPerHospitalYear { get; init; } = 0.4;

    /// <summary>A step's size: N(0, this) in log.</summary>
    public double ShiftSpread { get; init; } = 0.05;

    /// <summary>Respiratory waves per year on average (onsets concentrated around mid-November).</summary>
    public double WavesPerYear { get; init; } = 2;

    /// <summary>Median extra admissions at a wave's peak as a share of the level (log-normal, σ 0.5, at most 0.3).</summary>
    public double WaveMedianPeak { get; init; } = 0.08;

    /// <summary>Day-to-day variation beyond Poisson: coefficient of variation of the day's mean (negative binomial).</summary>
    public double Dispersion { get; init; } = 0.04;

    /// <summary>Whether bank holidays and the day after change admissions (they always count as calendar days).</summary>
    public bool Holidays { get; init; } = true;

    public AdmissionsDataOptions Validated()
    {
        static void Require(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be {rule}.");
        }
        static bool Share(double v, double max) => double.IsFinite(v) && v >= 0 && v <= max;
        Require(Hospitals is >= 1 and <= 1000, nameof(Hospitals), Hospitals, "1 to 1000");
        Require(Days is >= 1 and <= 36525, nameof(Days), Days, "1 to 36525");
        Require(MinBeds >= 10 && MaxBeds >= MinBeds && MaxBeds <= 5000, nameof(MaxBeds), MaxBeds, $"at least {nameof(MinBeds)} (≥ 10) and at most 5000");
        Require(double.IsFinite(AdmissionsPerBedDay) && AdmissionsPerBedDay is > 0 and <= 2, nameof(AdmissionsPerBedDay), AdmissionsPerBedDay, "above 0 and at most 2");
        Require(Share(HospitalRateSpread, 0.5), nameof(HospitalRateSpread), HospitalRateSpread, "0 to 0.5");
        Require(Share(SeasonalAmplitude, 0.5), nameof(SeasonalAmplitude), SeasonalAmplitude, "0 to 0.5");
        Require(Share(CityLevelSpread, 0.5), nameof(CityLevelSpread), CityLevelSpread, "0 to 0.5");
        Require(Share(HospitalLevelSpread, 0.5), nameof(HospitalLevelSpread), HospitalLevelSpread, "0 to 0.5");
        Require(double.IsFinite(CityLevelHalfLifeDays) && CityLevelHalfLifeDays >= 1, nameof(CityLevelHalfLifeDays), CityLevelHalfLifeDays, "at least 1");
        Require(double.IsFinite(HospitalLevelHalfLifeDays) && HospitalLevelHalfLifeDays >= 1, nameof(HospitalLevelHalfLifeDays), HospitalLevelHalfLifeDays, "at least 1");
        Require(Share(ShiftsPerHospitalYear, 52), nameof(ShiftsPerHospitalYear), ShiftsPerHospitalYear, "0 to 52");
        Require(Share(ShiftSpread, 0.5), nameof(ShiftSpread), ShiftSpread, "0 to 0.5");
        Require(Share(WavesPerYear, 12), nameof(WavesPerYear), WavesPerYear, "0 to 12");
        Require(Share(WaveMedianPeak, 0.3), nameof(WaveMedianPeak), WaveMedianPeak, "0 to 0.3");
        Require(Share(Dispersion, 1), nameof(Dispersion), Dispersion, "0 to 1");
        return this;
    }
}
