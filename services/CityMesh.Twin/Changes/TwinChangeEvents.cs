using System.Buffers;
using System.Text;
using System.Text.Json;
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
    public const int MaxChanges = 2000;
    public const int MaxBytes = 512 * 1024;

    private static readonly JsonEncodedText ChangesName = JsonEncodedText.Encode("changes");

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
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var json = new Utf8JsonWriter(buffer);
        foreach (var shard in order)
        {
            var list = byShard[shard];
            for (var start = 0; start < list.Count;)
            {
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                json.WriteStartObject();
                json.WriteStartArray(ChangesName);
                var end = start;
                long bytes = 0;
                while (end < list.Count && end - start < MaxChanges)
                {
                    // UTF-8 bytes, not UTF-16 chars: a change in Chinese text is up to three times its length in chars.
                    var size = Encoding.UTF8.GetByteCount(list[end].Json);
                    if (end > start && bytes + size > MaxBytes) break;
                    json.WriteRawValue(list[end].Json, skipInputValidation: true); // written by the twin's own serializer
                    bytes += size;
                    end++;
                }
                json.WriteEndArray();
                json.WriteEndObject();
                json.Flush();
                var reader = new Utf8JsonReader(buffer.WrittenSpan);
                events.Add(new CloudEvent
                {
                    Id = Guid.NewGuid().ToString("N"),
                    Source = TwinChangeBatch.Source,
                    Type = TwinChangeBatch.EventType,
                    Subject = shard,
                    Data = JsonElement.ParseValue(ref reader),
                    TraceParent = traceParent,
                });
                start = end;
            }
        }
        return events;
    }
}
