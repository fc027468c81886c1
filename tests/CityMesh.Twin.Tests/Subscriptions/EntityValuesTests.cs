using System.Text.Json;
using CityMesh.Twin.Model;
using CityMesh.Twin.Subscriptions;

namespace CityMesh.Twin.Tests.Subscriptions;

/// <summary>
/// A notifier reads changes in batches, after the entity may have moved on: q must see each change's own values, or
/// two quick updates (30, then 60) would both match "no2>50".
/// </summary>
public class EntityValuesTests
{
    private static readonly Entity Now = new()
    {
        Id = "urn:ngsi-ld:AirQualityObserved:a",
        Type = "AirQualityObserved",
        Properties = new Dictionary<string, Property>
        {
            ["no2"] = new(TwinValue.Of(60)),
            ["temperature"] = new(TwinValue.Of(20)),
            ["address"] = new(TwinValue.FromJson(JsonDocument.Parse("""{"city": "Jinan"}""").RootElement)),
        },
    };

    private static IReadOnlyDictionary<string, object?> Logged(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!;

    [Fact]
    public void A_changed_attribute_reads_as_the_change_left_it()
    {
        var changed = Logged("""{"no2": 30}""");
        Assert.Equal(30, EntityValues.Resolve(Now, "no2", changed)!.Value.Number);
    }

    [Fact]
    public void An_attribute_the_change_did_not_write_reads_as_it_is_now()
    {
        var changed = Logged("""{"no2": 30}""");
        Assert.Equal(20, EntityValues.Resolve(Now, "temperature", changed)!.Value.Number);
    }

    [Fact]
    public void A_structured_value_carried_as_JSON_text_reads_back_as_JSON()
    {
        var changed = Logged("""{"address": "{\"city\":\"Qingdao\"}"}""");
        var value = EntityValues.Resolve(Now, "address", changed)!.Value;
        Assert.Equal(TwinValueKind.Json, value.Kind);
        Assert.Contains("Qingdao", value.Text);
    }

    [Fact]
    public void Text_and_booleans_keep_their_kinds()
    {
        var changed = Logged("""{"temperature": "warm", "no2": true}""");
        Assert.Equal("warm", EntityValues.Resolve(Now, "temperature", changed)!.Value.Text);
        Assert.Equal(TwinValueKind.Boolean, EntityValues.Resolve(Now, "no2", changed)!.Value.Kind);
    }
}
