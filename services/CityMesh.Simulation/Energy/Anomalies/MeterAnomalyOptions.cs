using CityMesh.Simulation.Air.Faults;

namespace CityMesh.Simulation.Energy.Anomalies;

/// <summary>Settings of <see cref="MeterAnomalies"/>: the shared sensor-fault thresholds and the gap a dropout needs.</summary>
public sealed record MeterAnomalyOptions
{
    /// <summary>Stuck, drift, level-shift and spike thresholds (<see cref="SensorFaults"/>), the same defaults as the air stations'.</summary>
    public SensorFaultOptions Faults { get; init; } = new();

    /// <summary>
    /// Readings missing this long in a row are a dropout. Three 5-minute readings: a single lost message is routine
    /// on a telemetry link, a quarter of an hour of silence from a meter is not.
    /// </summary>
    public TimeSpan DropoutMinDuration { get; init; } = TimeSpan.FromMinutes(15);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Faults is null) errors.Add("Faults is required");
        else errors.AddRange(Faults.Validate().Select(e => "Faults." + e));
        if (DropoutMinDuration <= TimeSpan.Zero) errors.Add($"DropoutMinDuration must be positive (got {DropoutMinDuration})");
        return errors;
    }
}
