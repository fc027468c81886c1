namespace CityMesh.Contracts.Twin;

/// <summary>
/// The data of a <c>twin.changed</c> event: changes in the order the twin made them, all of entities in one
/// <see cref="ShardOf">shard</see>. The twin announces a telemetry batch of thousands of entities in a few events
/// rather than one each (on Kafka an event per entity cost as much as ingesting the reading); a single write is a
/// batch of one.
/// <para>
/// The event's subject is the shard, so on Kafka (key) and Dapr (partition key) every change of one entity travels in
/// the same partition and arrives in order, whether it came alone or in a batch.
/// </para>
/// </summary>
public sealed record TwinChangeBatch(IReadOnlyList<TwinChange> Changes)
{
    /// <summary>Version 2 of <c>twin.changed</c>: version 1 (<c>io.citymesh.twin.changed</c>) carried one change per event.</summary>
    public const string EventType = "io.citymesh.twin.changed.v2";

    public const string Source = "/citymesh/twin";

    /// <summary>How many shards entity ids spread over: the most consumers of one subscription that get work.</summary>
    public const int Shards = 16;

    /// <summary>
    /// The shard of an entity, as the event subject: FNV-1a over the id's UTF-16 code units, the same in every process
    /// and release (unlike <see cref="string.GetHashCode()"/>).
    /// </summary>
    public static string ShardOf(string entityId)
    {
        var hash = 2166136261u;
        foreach (var c in entityId) hash = (hash ^ c) * 16777619u;
        return ShardNames[hash % Shards];
    }

    private static readonly string[] ShardNames = [.. Enumerable.Range(0, Shards).Select(s => $"twin/shard-{s:00}")];
}
