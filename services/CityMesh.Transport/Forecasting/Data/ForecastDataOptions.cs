namespace CityMesh.Transport.Forecasting.Data;

/// <summary>How the simulated detector data set for forecasting is made.</summary>
public sealed record ForecastDataOptions
{
    public int Days { get; init; } = 14;

    public ulong Seed { get; init; } = 42;

    /// <summary>The calendar date of day 0 (a Monday by default), which decides weekdays and weekends.</summary>
    public DateOnly FirstDay { get; init; } = new(2026, 3, 2);

    /// <summary>Share of the real Jinan hour (6,295 trips) that departs per hour when the daily profile is 1 (a peak).</summary>
    public double PeakShare { get; init; } = 0.85;

    /// <summary>Day-to-day demand level (weather, events): the day's factor is 1 + this × N(0, 1), cut to ±2 σ.</summary>
    public double DayLevelSpread { get; init; } = 0.2;

    /// <summary>Within-day wander of demand: ± this, a smooth random curve with a knot every hour.</summary>
    public double WanderSpread { get; init; } = 0.2;

    public int IncidentsPerDay { get; init; } = 3;

    /// <summary>Minutes an incident lasts, drawn uniformly between these.</summary>
    public int IncidentMinMinutes { get; init; } = 20;

    public int IncidentMaxMinutes { get; init; } = 90;

    /// <summary>Speed limit on an incident road's remaining lanes (traffic passing the scene), m/s.</summary>
    public double IncidentSpeedLimit { get; init; } = 4.2;

    /// <summary>Seconds each piece of a day is simulated before its readings count, so it starts with traffic on the roads.</summary>
    public double WarmUpSeconds { get; init; } = 900;

    /// <summary>
    /// Seconds between detector samples; a 5-minute slot averages its samples. Every step by default: a loop or radar
    /// detector watches continuously, and sparser samples add noise no real detector has.
    /// </summary>
    public double SampleSeconds { get; init; } = 1;

    /// <summary>Days simulated at once (each on one thread).</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    public ForecastDataOptions Validated()
    {
        static void Require(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be {rule}.");
        }
        Require(Days is >= 1 and <= 366, nameof(Days), Days, "1 to 366");
        Require(double.IsFinite(PeakShare) && PeakShare > 0 && PeakShare <= 3, nameof(PeakShare), PeakShare, "above 0 and at most 3");
        Require(double.IsFinite(DayLevelSpread) && DayLevelSpread is >= 0 and < 0.4, nameof(DayLevelSpread), DayLevelSpread, "0 to 0.4");
        Require(double.IsFinite(WanderSpread) && WanderSpread is >= 0 and < 0.5, nameof(WanderSpread), WanderSpread, "0 to 0.5");
        Require(IncidentsPerDay is >= 0 and <= 50, nameof(IncidentsPerDay), IncidentsPerDay, "0 to 50");
        Require(IncidentMinMinutes >= 5 && IncidentMaxMinutes >= IncidentMinMinutes && IncidentMaxMinutes <= 600,
            nameof(IncidentMaxMinutes), IncidentMaxMinutes, $"at least {nameof(IncidentMinMinutes)} (≥ 5) and at most 600");
        Require(double.IsFinite(IncidentSpeedLimit) && IncidentSpeedLimit > 0, nameof(IncidentSpeedLimit), IncidentSpeedLimit, "positive");
        Require(double.IsFinite(WarmUpSeconds) && WarmUpSeconds >= 0, nameof(WarmUpSeconds), WarmUpSeconds, "zero or more");
        Require(double.IsFinite(SampleSeconds) && SampleSeconds is >= 1 and <= 300, nameof(SampleSeconds), SampleSeconds, "1 to 300");
        Require(MaxDegreeOfParallelism is null or >= 1, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism!, "at least 1");
        return this;
    }
}
