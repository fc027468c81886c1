using Confluent.Kafka;

namespace CityMesh.Messaging.Kafka;

/// <summary>
/// Notices when a consumer's next message on a partition is further on than the one after the last: the messages in
/// between were removed before it read them. That is what retention does to a consumer that falls behind (the
/// broker trims the log, librdkafka finds its position out of range and restarts at the log's new start, logging one
/// line); nothing else tells the application, so a subscriber would silently never see them. On topics written by
/// transactional producers or compacted, markers and compacted records leave gaps too; CityMesh's topics have
/// neither. Used by the consumer thread only; partitions it loses are forgotten, so a partition that comes back
/// after others consumed it is not mistaken for a gap.
/// </summary>
internal sealed class OffsetGaps
{
    private readonly Dictionary<int, long> _next = [];

    /// <summary>How many offsets were jumped over before <paramref name="result"/> (0 normally).</summary>
    public long Observe(ConsumeResult<byte[]?, byte[]> result)
    {
        var partition = result.Partition.Value;
        var offset = result.Offset.Value;
        var skipped = _next.TryGetValue(partition, out var expected) && offset > expected ? offset - expected : 0;
        _next[partition] = offset + 1;
        return skipped;
    }

    public void Forget(IEnumerable<TopicPartitionOffset> partitions)
    {
        foreach (var p in partitions) _next.Remove(p.Partition.Value);
    }
}
