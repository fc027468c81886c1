using System.Text;

namespace CityMesh.Twin.Changes;

/// <summary>
/// One change as the twin announces it: the entity, its type and the <c>TwinChange</c> as UTF-8 JSON, written once
/// and then logged, batched onto the bus and streamed to watchers as those same bytes. A telemetry batch's changes
/// are slices of one array (no string per change on the firehose).
/// </summary>
public readonly record struct ChangeText(string EntityId, string EntityType, ReadOnlyMemory<byte> Json)
{
    public ChangeText(string entityId, string entityType, string json) : this(entityId, entityType, Encoding.UTF8.GetBytes(json)) { }

    /// <summary>The JSON as text, for what needs a string (the watch API's message, the PostgreSQL log).</summary>
    public string Text => Encoding.UTF8.GetString(Json.Span);
}
