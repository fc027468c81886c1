namespace CityMesh.Messaging.Telemetry;

/// <summary>How telemetry travels as a CloudEvent: a protobuf <see cref="ReadingBatch"/> as binary data.</summary>
public static class TelemetryContent
{
    public const string EventType = "io.citymesh.telemetry.readings";
    public const string ContentType = "application/protobuf; messageType=citymesh.telemetry.v1.ReadingBatch";

    /// <summary>One sensor's readings as an event keyed (subject) by its entity id.</summary>
    /// <param name="id">The event id; a new GUID when null (a gateway that retries passes the same id each time).</param>
    public static CloudEvent Create(string source, string entityId, ReadingBatch batch, string? id = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString("N"),
        Source = source,
        Type = EventType,
        Subject = entityId,
        DataContentType = ContentType,
        BinaryData = Google.Protobuf.MessageExtensions.ToByteArray(batch),
        TraceParent = System.Diagnostics.Activity.Current?.Id,
    };

    public static bool IsTelemetry(CloudEvent e) =>
        e.Type == EventType && e.DataContentType.StartsWith("application/protobuf", StringComparison.Ordinal);

    /// <exception cref="Google.Protobuf.InvalidProtocolBufferException">The data is not a ReadingBatch.</exception>
    public static ReadingBatch Parse(CloudEvent e) => ReadingBatch.Parser.ParseFrom(e.BinaryData.Span);
}
