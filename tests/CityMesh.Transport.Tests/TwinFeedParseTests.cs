using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Transport.Network;

namespace CityMesh.Transport.Tests;

/// <summary>A twin.changed event transport cannot read is dead-lettered naming what is wrong, never skipped unseen.</summary>
public sealed class TwinFeedParseTests
{
    private static CloudEvent Event(string json) => new()
    {
        Id = "e1", Source = TwinChangeBatch.Source, Type = TwinChangeBatch.EventType, Data = JsonDocument.Parse(json).RootElement.Clone(),
    };

    [Fact]
    public void Reads_the_changes_of_a_batch_in_order()
    {
        var batch = TwinFeed.Parse(Event("""
            {"changes":[{"id":"urn:ngsi-ld:TrafficFlowObserved:jinan:d1","type":"TrafficFlowObserved","change":"updated","attributes":{"intensity":5},"observedAt":"2026-12-05T08:00:00Z"},
                        {"id":"urn:ngsi-ld:RoadSegment:jinan:r1","type":"RoadSegment","change":"deleted","attributes":{},"observedAt":null}]}
            """));

        Assert.Equal(["urn:ngsi-ld:TrafficFlowObserved:jinan:d1", "urn:ngsi-ld:RoadSegment:jinan:r1"], batch.Changes.Select(c => c.Id));
        Assert.Equal([TwinChangeKind.Updated, TwinChangeKind.Deleted], batch.Changes.Select(c => c.Change));
        Assert.Equal(5, ((JsonElement)batch.Changes[0].Attributes["intensity"]!).GetDouble());
    }

    [Theory]
    [InlineData("""{"changes":"no"}""", "changes")]
    [InlineData("""{"other":[]}""", "changes is missing")]
    [InlineData("""{"changes":[{"type":"RoadSegment","change":"updated","attributes":{}}]}""", "changes[0].id is missing")]
    [InlineData("""{"changes":[{"id":"urn:x:1","type":"RoadSegment","change":"renamed","attributes":{}}]}""", "change")]
    [InlineData("""{"changes":[{"id":"urn:x:1","change":"updated","attributes":{}}]}""", "changes[0].type is missing")]
    [InlineData("""{"changes":[null]}""", "changes[0] is missing")]
    public void A_batch_that_does_not_read_is_poison_naming_the_field(string json, string named)
    {
        var e = Assert.Throws<PoisonEventException>(() => TwinFeed.Parse(Event(json)));
        Assert.Contains("twin.changed event e1", e.Message);
        Assert.Contains(named, e.Message);
    }
}
