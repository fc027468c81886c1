using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>Every GeoJSON geometry type survives create → retrieve, in both representations.</summary>
public sealed class GeometryTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> Geometries => new()
    {
        """{"type":"Point","coordinates":[8.5417,47.3769]}""",
        """{"type":"Point","coordinates":[8.5417,47.3769,408.5]}""",
        """{"type":"LineString","coordinates":[[8.54,47.37],[8.55,47.38],[8.56,47.38]]}""",
        """{"type":"Polygon","coordinates":[[[8.5,47.3],[8.6,47.3],[8.6,47.4],[8.5,47.4],[8.5,47.3]],[[8.52,47.32],[8.53,47.32],[8.53,47.33],[8.52,47.32]]]}""",
        """{"type":"MultiPoint","coordinates":[[8.54,47.37],[-73.9857,40.7484]]}""",
        """{"type":"MultiLineString","coordinates":[[[8.54,47.37],[8.55,47.38]],[[8.56,47.39],[8.57,47.4],[8.58,47.41]]]}""",
        """{"type":"MultiPolygon","coordinates":[[[[8.5,47.3],[8.6,47.3],[8.6,47.4],[8.5,47.3]]],[[[9,48],[9.1,48],[9.1,48.1],[9,48]]]]}""",
        """{"type":"Point","coordinates":[-180,-90]}""",
        """{"type":"Point","coordinates":[180,90]}""",
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public async Task Geometry_round_trips(string geometry)
    {
        var id = Ngsi.NewId("Building");
        await _client.CreateAsync($$$"""{"id": "{{{id}}}", "type": "Building", "location": {"type": "GeoProperty", "value": {{{geometry}}}}}""");
        var normalized = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal("GeoProperty", normalized.GetProperty("location").GetProperty("type").GetString());
        Assert.Equal(Compact(geometry), Compact(normalized.GetProperty("location").GetProperty("value").GetRawText()));
        var simplified = await _client.GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues");
        Assert.Equal(Compact(geometry), Compact(simplified.GetProperty("location").GetRawText()));
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public async Task Geometry_round_trips_through_batch_upsert(string geometry)
    {
        var id = Ngsi.NewId("Building");
        var response = await _client.PostAsync($"{Ngsi.Base}/entityOperations/upsert",
            $$$"""[{"id": "{{{id}}}", "type": "Building", "location": {"type": "GeoProperty", "value": {{{geometry}}}}}]""");
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var entity = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(Compact(geometry), Compact(entity.GetProperty("location").GetProperty("value").GetRawText()));
    }

    /// <summary>Compact JSON with numbers normalised, so 8.50 and 8.5 compare equal.</summary>
    private static string Compact(string json)
    {
        using var doc = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) Write(w, doc.RootElement);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Name);
                    Write(w, p.Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray()) Write(w, item);
                w.WriteEndArray();
                break;
            case JsonValueKind.Number:
                w.WriteNumberValue(e.GetDouble());
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }
}
