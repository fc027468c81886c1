using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Twin.Changes;

namespace CityMesh.Twin.Tests.Changes;

/// <summary>How changes become twin.changed events: by shard, in order, in events Kafka will take.</summary>
public sealed class TwinChangeEventsTests
{
    private static ChangeText Change(string id, double value, int padding = 0, char fill = 'x') => new(id, "TrafficFlowObserved", JsonSerializer.Serialize(
        new TwinChange(id, "TrafficFlowObserved", TwinChangeKind.Updated, new Dictionary<string, object?> { ["intensity"] = value, ["note"] = new string(fill, padding) }),
        new JsonSerializerOptions(TwinChange.Json) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })); // CJK as UTF-8, not \u escapes

    private static int Utf8Bytes(CloudEvent e) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(e.Data).Length;

    private static List<TwinChange> Read(CloudEvent e) => [.. e.GetData<TwinChangeBatch>(TwinChange.Json).Changes];

    [Fact]
    public void Shards_are_pinned_because_a_change_of_the_hash_would_reorder_entities_across_an_upgrade()
    {
        // FNV-1a of the UTF-16 code units, modulo 16: computed independently of the code under test.
        Assert.Equal("twin/shard-00", TwinChangeBatch.ShardOf("urn:ngsi-ld:TrafficFlowObserved:jinan:d1"));
        Assert.Equal("twin/shard-04", TwinChangeBatch.ShardOf("urn:ngsi-ld:RoadSegment:jinan:r1"));
        var counts = Enumerable.Range(0, 16_000).GroupBy(i => TwinChangeBatch.ShardOf($"urn:ngsi-ld:TrafficFlowObserved:jinan:{i}")).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(TwinChangeBatch.Shards, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 700, 1300)); // 1,000 each if even
    }

    [Fact]
    public void Each_shard_becomes_one_event_keyed_by_it_with_its_changes_in_order()
    {
        var ids = Enumerable.Range(0, 200).Select(i => $"urn:ngsi-ld:TrafficFlowObserved:jinan:{i % 50}").ToList();
        var changes = ids.Select((id, i) => Change(id, i)).ToList();

        var events = TwinChangeEvents.Of(changes);

        Assert.Equal(events.Count, events.Select(e => e.Subject).Distinct().Count());
        Assert.All(events, e => Assert.Equal((TwinChangeBatch.EventType, TwinChangeBatch.Source), (e.Type, e.Source)));
        Assert.Equal(ids.Select(TwinChangeBatch.ShardOf).Distinct(), events.Select(e => e.Subject)); // shards in order of first appearance
        foreach (var e in events)
        {
            var read = Read(e);
            Assert.All(read, c => Assert.Equal(e.Subject, TwinChangeBatch.ShardOf(c.Id)));
            // Within a shard, the changes in the order they were made (values rise with i).
            var values = read.Select(c => ((JsonElement)c.Attributes["intensity"]!).GetDouble()).ToList();
            Assert.Equal(values.Order(), values);
        }
        Assert.Equal(200, events.Sum(e => Read(e).Count));
    }

    [Fact]
    public void A_shard_with_more_than_an_event_holds_is_split_in_order_by_count_and_by_size()
    {
        const string id = "urn:ngsi-ld:TrafficFlowObserved:jinan:d1";
        var many = Enumerable.Range(0, TwinChangeEvents.MaxChanges * 2 + 1).Select(i => Change(id, i)).ToList();
        var byCount = TwinChangeEvents.Of(many);
        Assert.Equal([TwinChangeEvents.MaxChanges, TwinChangeEvents.MaxChanges, 1], byCount.Select(e => Read(e).Count));
        Assert.Equal(Enumerable.Range(0, many.Count).Select(i => (double)i),
            byCount.SelectMany(Read).Select(c => ((JsonElement)c.Attributes["intensity"]!).GetDouble()));

        var large = Enumerable.Range(0, 10).Select(i => Change(id, i, padding: TwinChangeEvents.MaxBytes * 2 / 5)).ToList();
        var bySize = TwinChangeEvents.Of(large);
        Assert.All(bySize, e => Assert.InRange(Utf8Bytes(e), 1, TwinChangeEvents.MaxBytes + 64));
        Assert.Equal(10, bySize.Sum(e => Read(e).Count));
        Assert.Equal(5, bySize.Count); // two to an event
        // Sized in UTF-8: a CJK character is three bytes, so two changes of a fifth of the limit in characters (three
        // fifths in bytes) do not share an event, although their text is shorter than the limit.
        var wide = TwinChangeEvents.Of([.. Enumerable.Range(0, 4).Select(i => Change(id, i, padding: TwinChangeEvents.MaxBytes / 5, fill: '城'))]);
        Assert.Equal([1, 1, 1, 1], wide.Select(e => Read(e).Count));
        Assert.All(wide, e => Assert.InRange(Utf8Bytes(e), TwinChangeEvents.MaxBytes * 3 / 5, TwinChangeEvents.MaxBytes + 64));

        // One change larger than the limit still travels, alone.
        var huge = TwinChangeEvents.Of([Change(id, 1, padding: TwinChangeEvents.MaxBytes + 1), Change(id, 2)]);
        Assert.Equal([1, 1], huge.Select(e => Read(e).Count));
    }

    [Fact]
    public void No_changes_make_no_events()
    {
        Assert.Empty(TwinChangeEvents.Of([]));
    }
}
