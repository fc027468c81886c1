using System.Text;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;

namespace CityMesh.Twin.Changes;

/// <summary>
/// Packs changes into <c>twin.changed</c> events (<see cref="TwinChangeBatch"/>): one event per shard, in the order the
/// shards first appear, each holding that shard's changes in order, split so that no event passes
/// <see cref="MaxChanges"/> changes or about <see cref="MaxBytes"/> of JSON (Kafka refuses messages over 1 MB by default).
/// </summary>
internal static class TwinChangeEvents
{
    /// <summary>About what <see cref="MaxBytes"/> holds of ordinary telemetry changes (150-odd bytes each).</summary>
    public const int MaxChanges = 400;

    /// <summary>
    /// Well under Kafka's 1 MB message limit, and under .NET's large-object threshold (85,000 bytes) with the event's
    /// parsed form: at 512 KB every event's JSON went to the large object heap, which only full collections reclaim,
    /// and the firehose ran on full collections.
    /// </summary>
    public const int MaxBytes = 64 * 1024;

    public static List<CloudEvent> Of(IReadOnlyList<ChangeText> changes)
    {
        var events = new List<CloudEvent>();
        if (changes.Count == 0) return events;
        var byShard = new Dictionary<string, List<ChangeText>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var change in changes)
        {
            var shard = TwinChangeBatch.ShardOf(change.EntityId);
            if (!byShard.TryGetValue(shard, out var list))
            {
                // Sized for an even spread over the shards, so a big batch's lists are not grown by doubling.
                byShard[shard] = list = new List<ChangeText>(changes.Count / TwinChangeBatch.Shards + 16);
                order.Add(shard);
            }
            list.Add(change);
        }
        var traceParent = System.Diagnostics.Activity.Current?.Id;
        foreach (var shard in order)
        {
            var list = byShard[shard];
            for (var start = 0; start < list.Count;)
            {
                // Which changes fit, in UTF-8 bytes (a change in Chinese text is up to three times its length in chars).
                var end = start;
                long bytes = 0;
                while (end < list.Count && end - start < MaxChanges)
                {
                    var size = list[end].Json.Length;
                    if (end > start && bytes + size > MaxBytes) break;
                    bytes += size;
                    end++;
                }
                events.Add(new CloudEvent
                {
                    Id = Guid.NewGuid().ToString("N"),
                    Source = TwinChangeBatch.Source,
                    Type = TwinChangeBatch.EventType,
                    Subject = shard,
                    DataUtf8 = Batch(list, start, end, bytes),
                    TraceParent = traceParent,
                });
                start = end;
            }
        }
        return events;
    }

    private static readonly byte[] Head = Encoding.UTF8.GetBytes("{\"changes\":["), Tail = Encoding.UTF8.GetBytes("]}");

    /// <summary>
    /// <c>{"changes":[...]}</c> of the changes' own bytes, written by the twin's serializer, so valid JSON: the event
    /// carries the text as it is (<see cref="CloudEvent.DataUtf8"/>), unparsed unless a reader in this process reads it.
    /// </summary>
    private static byte[] Batch(List<ChangeText> list, int start, int end, long bytes)
    {
        var json = new byte[Head.Length + bytes + (end - start - 1) + Tail.Length];
        Head.CopyTo(json, 0);
        var at = Head.Length;
        for (var i = start; i < end; i++)
        {
            if (i > start) json[at++] = (byte)',';
            list[i].Json.Span.CopyTo(json.AsSpan(at));
            at += list[i].Json.Length;
        }
        Tail.CopyTo(json, at);
        return json;
    }
}
