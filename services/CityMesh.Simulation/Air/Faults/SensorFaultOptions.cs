namespace CityMesh.Simulation.Air.Faults;

/// <summary>
/// Thresholds of <see cref="SensorFaults"/>. Defaults were set looking at the synthetic telemetry of seeds 1 and 2
/// (5-minute samples, 5 % correlated noise) and are scored on other seeds by <c>citymesh eval air</c>.
/// </summary>
public sealed record SensorFaultOptions
{
    /// <summary>Readings within this of the run's first count as repeated (0: exactly equal; a sensor reporting whole µg/m³ needs more).</summary>
    public double StuckTolerance { get; init; }

    /// <summary>A run of repeated readings this long is stuck (a real 5-minute series never repeats exactly for long).</summary>
    public TimeSpan StuckMinDuration { get; init; } = TimeSpan.FromMinutes(40);

    /// <summary>And at least this many samples, so a coarse series needs several repeats.</summary>
    public int StuckMinSamples { get; init; } = 4;

    /// <summary>Fewest other stations with a reading at a time for the regional reference to exist there.</summary>
    public int MinNeighbours { get; init; } = 3;

    /// <summary>Width of the centred mean of the residual that drift and level shifts are judged on.</summary>
    public TimeSpan DriftWindow { get; init; } = TimeSpan.FromHours(2);

    /// <summary>The smoothed residual must exceed this many robust standard deviations of itself ...</summary>
    public double DriftSigmas { get; init; } = 5;

    /// <summary>... and this share of the station's typical level.</summary>
    public double DriftMinShare { get; init; } = 0.08;

    /// <summary>Shortest offset episode reported (shorter ones are spikes or noise).</summary>
    public TimeSpan OffsetMinDuration { get; init; } = TimeSpan.FromMinutes(90);

    /// <summary>Raw residuals are clipped at this many robust standard deviations before smoothing, so spikes do not look like offsets.</summary>
    public double ClipSigmas { get; init; } = 4;

    /// <summary>A raw residual beyond this many robust standard deviations is a spike ...</summary>
    public double SpikeSigmas { get; init; } = 7;

    /// <summary>... when the run of such samples is at most this long.</summary>
    public TimeSpan SpikeMaxDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Plausible range per pollutant (µg/m³; CO mg/m³): below the minimum or above the maximum is out of range.</summary>
    public IReadOnlyDictionary<string, (double Min, double Max)> Range { get; init; } = new Dictionary<string, (double, double)>
    {
        // Zero is the physical floor; the tops are the upper ends of common sensor ranges (optical PM counters
        // 1000 µg/m³, electrochemical NO2/SO2/O3 cells a few ppm), far above any city's hourly air.
        [Index.Pollutants.Pm25] = (0, 1000), [Index.Pollutants.Pm10] = (0, 2000), [Index.Pollutants.No2] = (0, 4000),
        [Index.Pollutants.O3] = (0, 2000), [Index.Pollutants.So2] = (0, 5000), [Index.Pollutants.Co] = (0, 100),
    };

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!double.IsFinite(StuckTolerance) || StuckTolerance < 0) errors.Add($"StuckTolerance must be 0 or more (got {StuckTolerance})");
        if (StuckMinDuration <= TimeSpan.Zero) errors.Add($"StuckMinDuration must be positive (got {StuckMinDuration})");
        if (StuckMinSamples < 2) errors.Add($"StuckMinSamples must be at least 2 (got {StuckMinSamples})");
        if (MinNeighbours < 1) errors.Add($"MinNeighbours must be at least 1 (got {MinNeighbours})");
        if (DriftWindow <= TimeSpan.Zero) errors.Add($"DriftWindow must be positive (got {DriftWindow})");
        if (!(DriftSigmas > 0)) errors.Add($"DriftSigmas must be positive (got {DriftSigmas})");
        if (!(DriftMinShare >= 0)) errors.Add($"DriftMinShare must be 0 or more (got {DriftMinShare})");
        if (OffsetMinDuration <= TimeSpan.Zero) errors.Add($"OffsetMinDuration must be positive (got {OffsetMinDuration})");
        if (!(ClipSigmas > 0)) errors.Add($"ClipSigmas must be positive (got {ClipSigmas})");
        if (!(SpikeSigmas > 0)) errors.Add($"SpikeSigmas must be positive (got {SpikeSigmas})");
        foreach (var (p, (min, max)) in Range ?? new Dictionary<string, (double, double)>())
            if (!(min < max)) errors.Add($"Range.{p} must have Min below Max (got {min} to {max})");
        return errors;
    }
}
