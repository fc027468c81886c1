namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// The truth about one injected anomaly. <see cref="Start"/> and <see cref="End"/> are the first and last affected
/// samples (inclusive). <see cref="Quantity"/> is null when every quantity of the sensor is affected (dropout, leak).
/// <see cref="Magnitude"/>: relative to the sensor's typical level (spike, level-shift, drift), the stuck-at value
/// (stuck), the share of design flow lost (leak), 0 for dropout.
/// </summary>
public sealed record AnomalyLabel(string SensorId, string? Quantity, string Kind, DateTimeOffset Start, DateTimeOffset End, double Magnitude);
