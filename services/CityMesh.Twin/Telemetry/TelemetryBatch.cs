namespace CityMesh.Twin.Telemetry;

/// <summary>
/// The data of a <c>telemetry.raw</c> event on the JSON transports: readings from one sensor gateway. Exactly one of
/// Number, Text and Flag is set per reading.
/// </summary>
public sealed record TelemetryBatch(IReadOnlyList<TelemetryReading> Readings)
{
    public const string EventType = "io.citymesh.telemetry.batch";
}

public sealed record TelemetryReading(
    string EntityId,
    string Attribute,
    DateTimeOffset ObservedAt,
    double? Number = null,
    string? Text = null,
    bool? Flag = null,
    string? UnitCode = null);
