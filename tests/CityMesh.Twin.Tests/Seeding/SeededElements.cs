using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Twin;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Tests.Seeding;

/// <summary>A seeded entity as the network element a reader of the twin makes of it (<see cref="NgsiElements"/>).</summary>
internal static class SeededElements
{
    public static TwinElement Of(Entity e)
    {
        string city = e.Id.Split(':')[3];
        string Local(string id) => id[(EntityIds.Prefix.Length + EntityIds.TypeOf(id)!.Length + city.Length + 2)..];
        return new TwinElement(e.Type, Local(e.Id), e.Location,
            e.Properties.ToDictionary(p => p.Key, p => new ElementProperty(Json(p.Value.Value), p.Value.UnitCode)),
            e.Relationships.ToDictionary(r => r.Key, r => (EntityIds.TypeOf(r.Value.Object)!, Local(r.Value.Object))));
    }

    private static JsonElement Json(TwinValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) value.WriteTo(writer);
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }
}
