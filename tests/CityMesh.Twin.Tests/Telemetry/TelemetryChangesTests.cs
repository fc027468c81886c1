using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Tests.Telemetry;

/// <summary>The telemetry changes are written by hand for speed; consumers must read what the serializer wrote.</summary>
public sealed class TelemetryChangesTests
{
    private const string Detector = "urn:ngsi-ld:TrafficFlowObserved:jinan:d1";
    private static readonly DateTimeOffset At = new(2026, 11, 21, 8, 0, 0, 123, TimeSpan.FromHours(8));

    private static ValueTask<string> TypeOf(string id, CancellationToken _) => ValueTask.FromResult(EntityIds.TypeOf(id) ?? "");

    private static string Serialized(TwinChange change) => JsonSerializer.SerializeToElement(change, TwinService.EventJson).GetRawText();

    [Fact]
    public async Task Should_Write_Each_Change_As_The_Serializer_Writes_The_TwinChange()
    {
        var changes = new TelemetryChanges();
        changes.Set(Detector, "intensity", TwinValue.Of(25.5));
        changes.Set(Detector, "note", TwinValue.Of("say \"hi\" – ünïcode <&>"));
        changes.Set(Detector, "congested", TwinValue.Of(true));
        changes.Set(Detector, "shape", TwinValue.FromJson(JsonDocument.Parse("""{"a":[1,2]}""").RootElement));
        changes.Observed(Detector, At);

        var e = Assert.Single(await changes.ToChangesAsync(TypeOf, default));

        var expected = new TwinChange(Detector, EntityTypes.TrafficFlowObserved, TwinChangeKind.Updated, new Dictionary<string, object?>
        {
            ["intensity"] = 25.5,
            ["note"] = "say \"hi\" – ünïcode <&>",
            ["congested"] = true,
            ["shape"] = """{"a":[1,2]}""",
        }) { ObservedAt = At };
        Assert.Equal(Serialized(expected), e.Text);
        Assert.Equal((Detector, EntityTypes.TrafficFlowObserved), (e.EntityId, e.EntityType));
        var read = JsonSerializer.Deserialize<TwinChange>(e.Json.Span, TwinService.EventJson)!;
        Assert.Equal(At, read.ObservedAt);
        Assert.Equal(TwinChangeKind.Updated, read.Change);
    }

    [Fact]
    public async Task Should_Keep_The_Last_Value_And_The_Newest_Time_Of_An_Entity_And_Write_A_Missing_Time_As_Null()
    {
        const string other = "urn:ngsi-ld:TrafficFlowObserved:jinan:d2";
        var changes = new TelemetryChanges();
        changes.Set(Detector, "intensity", TwinValue.Of(1));
        changes.Set(other, "intensity", TwinValue.Of(7));
        changes.Set(Detector, "intensity", TwinValue.Of(2));
        changes.Set(Detector, "intensity", TwinValue.Of(3), replace: false);
        changes.Observed(Detector, At);
        changes.Observed(Detector, At.AddMinutes(-1));

        var events = await changes.ToChangesAsync(TypeOf, default);

        Assert.Equal([Detector, other], events.Select(e => e.EntityId));
        var values = new Dictionary<string, object?> { ["intensity"] = 2.0 };
        Assert.Equal(Serialized(new TwinChange(Detector, EntityTypes.TrafficFlowObserved, TwinChangeKind.Updated, values) { ObservedAt = At }),
            events[0].Text);
        Assert.Equal(Serialized(new TwinChange(other, EntityTypes.TrafficFlowObserved, TwinChangeKind.Updated, new Dictionary<string, object?> { ["intensity"] = 7.0 })),
            events[1].Text);
    }
}
