namespace CityMesh.Messaging.Telemetry;

/// <summary>
/// One <see cref="Reading"/> as the ingest path reads it: the same fields, as a struct (no message object, no
/// <c>Timestamp</c> object). <see cref="ReadingBatchDecoder"/> makes them from a <c>telemetry.raw</c> event's bytes;
/// <see cref="Of"/> from a reading that came over gRPC, so both paths are checked by the same rules.
/// </summary>
/// <param name="EntityId">Empty when the reading names none (it then belongs to the event's subject).</param>
/// <param name="UnitCode">Empty when absent.</param>
/// <param name="ObservedSeconds">With <paramref name="ObservedNanos"/>, <c>observed_at</c> as protobuf holds it (Unix time); unchecked.</param>
/// <param name="HasObservedAt">Whether <c>observed_at</c> was set at all.</param>
/// <param name="Latitude">With <paramref name="Longitude"/>, a <c>point</c> value's degrees (0 when not a point); unchecked.</param>
public readonly record struct TelemetryReading(
    string EntityId,
    string Attribute,
    Reading.ValueOneofCase ValueCase,
    double Number,
    string Text,
    bool Flag,
    string UnitCode,
    long ObservedSeconds,
    int ObservedNanos,
    bool HasObservedAt,
    double Latitude = 0,
    double Longitude = 0)
{
    // google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    private const long MinSeconds = -62_135_596_800, MaxSeconds = 253_402_300_799;

    /// <summary>Whether <c>observed_at</c> is a valid Timestamp (the range protobuf allows, nanos 0 to 999,999,999).</summary>
    public bool ObservedAtInRange => ObservedSeconds is >= MinSeconds and <= MaxSeconds && ObservedNanos is >= 0 and <= 999_999_999;

    /// <summary><c>observed_at</c> to the tick (100 ns); only for a reading with <see cref="ObservedAtInRange"/>.</summary>
    public DateTimeOffset ObservedAt =>
        new(DateTime.UnixEpoch.Ticks + ObservedSeconds * TimeSpan.TicksPerSecond + ObservedNanos / 100, TimeSpan.Zero);

    /// <summary>Whether a <c>point</c> value is a WGS84 position: finite, latitude −90 to 90, longitude −180 to 180.</summary>
    public bool PointInRange =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) && Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;

    public static TelemetryReading Of(Reading r) => new(
        r.EntityId,
        r.Attribute,
        r.ValueCase,
        r.ValueCase == Reading.ValueOneofCase.Number ? r.Number : 0,
        r.ValueCase == Reading.ValueOneofCase.Text ? r.Text : "",
        r.ValueCase == Reading.ValueOneofCase.Flag && r.Flag,
        r.UnitCode,
        r.ObservedAt?.Seconds ?? 0,
        r.ObservedAt?.Nanos ?? 0,
        r.ObservedAt is not null,
        r.ValueCase == Reading.ValueOneofCase.Point ? r.Point.Latitude : 0,
        r.ValueCase == Reading.ValueOneofCase.Point ? r.Point.Longitude : 0);
}
