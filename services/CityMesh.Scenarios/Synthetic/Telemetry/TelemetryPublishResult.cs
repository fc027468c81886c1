namespace CityMesh.Scenarios.Synthetic.Telemetry;

/// <summary>What <see cref="TelemetryPublisher"/> sent: events (one per sensor and sample time with any reading), readings, sample times.</summary>
public sealed record TelemetryPublishResult(long Events, long Readings, int Steps);
