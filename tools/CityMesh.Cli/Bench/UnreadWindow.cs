using CityMesh.LocalServers;
using CityMesh.Messaging;
using CityMesh.Messaging.Kafka;

namespace CityMesh.Cli.Bench;

/// <summary>
/// How far a publisher may run ahead of its consumer on librdkafka's mock cluster without losing messages: the mock
/// keeps only <see cref="MockKafkaCluster.RetainedBytesPerPartition"/> a partition and trims the oldest, read or not.
/// A publisher that ran flat out put a million one-reading events (~300 MB over 32 partitions) into a log that keeps
/// 160 MB; the consumer lost what was trimmed and the bench waited for it until its ten-minute timeout. Half the
/// retention is left as margin for keys that do not spread evenly over the partitions.
/// </summary>
internal static class UnreadWindow
{
    /// <summary>Per-record overhead in a v2 record batch beyond key, value and headers (varints, attributes, deltas).</summary>
    private const int RecordOverheadBytes = 32;

    /// <summary>Events of <paramref name="sample"/>'s encoded size that may be published and not yet read.</summary>
    public static long Events(CloudEvent sample, int partitions)
    {
        var message = KafkaCloudEventCodec.Encode(sample);
        var bytes = RecordOverheadBytes + (message.Key?.Length ?? 0) + message.Value.Length
                    + message.Headers.Sum(h => h.Key.Length + h.GetValueBytes().Length + 2);
        return Math.Max(1, partitions * MockKafkaCluster.RetainedBytesPerPartition / 2 / bytes);
    }
}
