namespace CityMesh.Simulation.Synthetic.Telemetry.Scoring;

/// <summary>A detector's claim that <see cref="SensorId"/> was anomalous at <see cref="Time"/>, optionally of a <see cref="Kind"/>.</summary>
public sealed record AnomalyAlert(string SensorId, DateTimeOffset Time, string? Kind = null);
