namespace CityMesh.Simulation.Energy.Forecast;

/// <summary>
/// One load series by the hour (a feeder's or a substation's), structure-of-arrays: <c>Load[τ]</c> is the mean load in
/// kW over the hour starting at <see cref="Start"/> + τ h (NaN: not read), <c>Temperature[τ]</c> the city's air
/// temperature in °C over that hour (NaN, or no array at all: not known). <see cref="Start"/> is the top of an hour at
/// the city's offset, whose clock sets the calendar (hour of day, weekday). <see cref="Temperature"/> may run beyond
/// <see cref="Load"/>: the hours after the last reading hold the weather forecast the load forecast is made with.
/// </summary>
public sealed record HourlyLoad(DateTimeOffset Start, double[] Load, double[]? Temperature = null)
{
    public const int HoursPerWeek = 168;

    public int Hours => Load.Length;

    public DateTimeOffset TimeAt(int hour) => Start + TimeSpan.FromHours(hour);

    /// <summary>Hours from Monday 00:00 (the city's clock) to <see cref="Start"/>: hour τ is hour (this + τ) mod 168 of its week.</summary>
    public int StartHourOfWeek => ((int)Start.DayOfWeek + 6) % 7 * 24 + Start.Hour;

    public double TemperatureAt(int hour) => Temperature is { } t && hour >= 0 && hour < t.Length ? t[hour] : double.NaN;

    /// <exception cref="ArgumentException">The start is not on the hour; the message names the field.</exception>
    public void Check()
    {
        if (Start.Minute != 0 || Start.Second != 0 || Start.Millisecond != 0)
            throw new ArgumentException($"Start must be the top of an hour (got {Start:O})", nameof(Start));
        if (Load is null) throw new ArgumentException("Load is required", nameof(Load));
    }

    /// <summary>
    /// Hourly means of a regular sub-hourly series starting on the hour (a meter's 5-minute readings): an hour with
    /// fewer than half its samples present is NaN, since a mean of a few readings is no longer the hour's energy.
    /// </summary>
    /// <exception cref="ArgumentException">The interval does not divide an hour, or the start is not on the hour.</exception>
    public static double[] Means(DateTimeOffset start, TimeSpan interval, ReadOnlySpan<float> samples)
    {
        if (interval <= TimeSpan.Zero || TimeSpan.FromHours(1).Ticks % interval.Ticks != 0)
            throw new ArgumentException($"the interval must divide an hour (got {interval})", nameof(interval));
        if (start.Minute != 0 || start.Second != 0) throw new ArgumentException($"the samples must start on the hour (got {start:O})", nameof(start));
        var perHour = (int)(TimeSpan.FromHours(1).Ticks / interval.Ticks);
        var means = new double[samples.Length / perHour];
        for (var h = 0; h < means.Length; h++)
        {
            double sum = 0;
            var count = 0;
            foreach (var v in samples.Slice(h * perHour, perHour))
                if (!float.IsNaN(v)) { sum += v; count++; }
            means[h] = count * 2 >= perHour ? sum / count : double.NaN;
        }
        return means;
    }

    /// <summary>Hourly means of a sub-hourly double series (the weather timeline's temperature), every sample present.</summary>
    public static double[] Means(TimeSpan interval, ReadOnlySpan<double> samples)
    {
        var perHour = (int)(TimeSpan.FromHours(1).Ticks / interval.Ticks);
        var means = new double[samples.Length / perHour];
        for (var h = 0; h < means.Length; h++)
        {
            double sum = 0;
            foreach (var v in samples.Slice(h * perHour, perHour)) sum += v;
            means[h] = sum / perHour;
        }
        return means;
    }
}
