using System.Net;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>GET /entities: filters, q, geo-queries, paging and counting, through HTTP.</summary>
public sealed class QueryTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>A type of this test's own, so other tests' entities never match.</summary>
    private readonly string _type = $"Probe{Guid.NewGuid():N}";

    private string Id(int n) => $"urn:ngsi-ld:{_type}:test:{n:00}";

    public async Task InitializeAsync()
    {
        // 1 and 2 sit 75 m apart in Zurich; 3 is ~5.6 km away; 4 (a line) and 5 (an area) are further east.
        var entities = new[]
        {
            $$"""{"id": "{{Id(1)}}", "type": "{{_type}}", "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8.5400, 47.3700]} }, "speed": {"type": "Property", "value": 10}, "name": {"type": "Property", "value": "alpha"}, "refNode": {"type": "Relationship", "object": "urn:ngsi-ld:Node:test:A"} }""",
            $$"""{"id": "{{Id(2)}}", "type": "{{_type}}", "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8.5410, 47.3700]} }, "speed": {"type": "Property", "value": 50}, "name": {"type": "Property", "value": "beta"} }""",
            $$"""{"id": "{{Id(3)}}", "type": "{{_type}}", "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8.6000, 47.4000]} }, "speed": {"type": "Property", "value": 90}, "name": {"type": "Property", "value": "gamma"}, "status": {"type": "Property", "value": "degraded"} }""",
            $$"""{"id": "{{Id(4)}}", "type": "{{_type}}", "location": {"type": "GeoProperty", "value": {"type": "LineString", "coordinates": [[8.70, 47.45], [8.72, 47.47]]} } }""",
            $$"""{"id": "{{Id(5)}}", "type": "{{_type}}", "location": {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": [[[8.80, 47.50], [8.82, 47.50], [8.82, 47.52], [8.80, 47.52], [8.80, 47.50]]]} } }""",
        };
        var response = await _client.PostAsync($"{Ngsi.Base}/entityOperations/upsert", $"[{string.Join(",", entities)}]");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string[]> IdsAsync(string query)
    {
        var list = await _client.GetJsonAsync($"{Ngsi.Base}/entities?type={_type}&limit=100&{query}");
        return [.. list.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }

    private string[] Ids(params int[] ns) => [.. ns.Select(Id)];

    [Fact]
    public async Task Type_returns_every_entity_of_the_type_in_id_order()
    {
        Assert.Equal(Ids(1, 2, 3, 4, 5), await IdsAsync(""));
    }

    [Fact]
    public async Task Several_types_match_any()
    {
        var other = Ngsi.NewId("Building");
        await _client.CreateAsync($$"""{"id": "{{other}}", "type": "Building"}""");
        var list = await _client.GetJsonAsync($"{Ngsi.Base}/entities?type={_type},Building&id={Uri.EscapeDataString(Id(1))},{Uri.EscapeDataString(other)}");
        Assert.Equal(new[] { Id(1), other }.Order(StringComparer.Ordinal), list.EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
        var piped = await _client.GetJsonAsync($"{Ngsi.Base}/entities?type={_type}|Building&id={Uri.EscapeDataString(other)}");
        Assert.Single(piped.EnumerateArray());
    }

    [Fact]
    public async Task Count_limit_and_offset_page_the_matches()
    {
        var response = await _client.GetAsync($"{Ngsi.Base}/entities?type={_type}&limit=2&offset=2&count=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("NGSILD-Results-Count")));
        var page = await Ngsi.JsonOf(response);
        Assert.Equal(Ids(3, 4), page.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray());
        var beyond = await _client.GetJsonAsync($"{Ngsi.Base}/entities?type={_type}&offset=10");
        Assert.Empty(beyond.EnumerateArray());
    }

    [Theory]
    [InlineData(2147483647)]
    [InlineData(2000000000)]
    public async Task A_huge_offset_is_an_empty_page(int offset)
    {
        var response = await _client.GetAsync($"{Ngsi.Base}/entities?type={_type}&limit=1000&count=true&offset={offset}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("NGSILD-Results-Count")));
        Assert.Empty((await Ngsi.JsonOf(response)).EnumerateArray());
    }

    [Fact]
    public async Task Limit_defaults_to_20()
    {
        var type = $"Many{Guid.NewGuid():N}";
        var batch = string.Join(",", Enumerable.Range(0, 25).Select(i => $$"""{"id": "urn:ngsi-ld:{{type}}:test:{{i:00}}", "type": "{{type}}"}"""));
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync($"{Ngsi.Base}/entityOperations/upsert", $"[{batch}]")).StatusCode);
        var response = await _client.GetAsync($"{Ngsi.Base}/entities?type={type}&count=true");
        Assert.Equal(20, (await Ngsi.JsonOf(response)).GetArrayLength());
        Assert.Equal("25", Assert.Single(response.Headers.GetValues("NGSILD-Results-Count")));
    }

    [Fact]
    public async Task Limit_zero_with_count_only_counts()
    {
        var response = await _client.GetAsync($"{Ngsi.Base}/entities?type={_type}&limit=0&count=true&q=speed>20");
        Assert.Equal("2", Assert.Single(response.Headers.GetValues("NGSILD-Results-Count")));
        Assert.Empty((await Ngsi.JsonOf(response)).EnumerateArray());
    }

    [Theory]
    [InlineData("speed>20", new[] { 2, 3 })]
    [InlineData("speed>=10;speed<60", new[] { 1, 2 })]
    [InlineData("speed==10,90", new[] { 1, 3 })]
    [InlineData("speed==40..95", new[] { 2, 3 })]
    [InlineData("speed!=50", new[] { 1, 3 })]
    [InlineData("name==\"beta\"", new[] { 2 })]
    [InlineData("name~=\"^g\"", new[] { 3 })]
    [InlineData("speed>60|name==\"alpha\"", new[] { 1, 3 })]
    [InlineData("(speed<20|speed>80);name!=\"gamma\"", new[] { 1 })]
    [InlineData("refNode==urn:ngsi-ld:Node:test:A", new[] { 1 })]
    [InlineData("speed", new[] { 1, 2, 3 })]
    [InlineData("nothing", new int[0])]
    public async Task Q_filters(string q, int[] expected)
    {
        Assert.Equal(Ids(expected), await IdsAsync($"q={Uri.EscapeDataString(q)}"));
    }

    [Fact]
    public async Task Id_and_idPattern_filter()
    {
        Assert.Equal(Ids(1, 3), await IdsAsync($"id={Uri.EscapeDataString(Id(3))},{Uri.EscapeDataString(Id(1))}"));
        Assert.Equal(Ids(1, 2), await IdsAsync($"idPattern={Uri.EscapeDataString(":0[12]$")}"));
    }

    [Fact]
    public async Task Attrs_matches_entities_having_one_and_projects()
    {
        var list = await _client.GetJsonAsync($"{Ngsi.Base}/entities?type={_type}&attrs=speed");
        var entities = list.EnumerateArray().ToArray();
        Assert.Equal(Ids(1, 2, 3), entities.Select(e => e.GetProperty("id").GetString()!).ToArray());
        foreach (var e in entities)
            Assert.Equal(new[] { "id", "speed", "type" }, e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("near;maxDistance==200", "Point", "[8.5400,47.3700]", new[] { 1, 2 })]
    [InlineData("near;maxDistance==50", "Point", "[8.5400,47.3700]", new[] { 1 })]
    [InlineData("near;minDistance==1000", "Point", "[8.5400,47.3700]", new[] { 3, 4, 5 })]
    [InlineData("near;minDistance==50;maxDistance==6000", "Point", "[8.5400,47.3700]", new[] { 2, 3 })]
    [InlineData("within", "Polygon", "[[[8.53,47.36],[8.55,47.36],[8.55,47.38],[8.53,47.38],[8.53,47.36]]]", new[] { 1, 2 })]
    [InlineData("within", "MultiPolygon", "[[[[8.53,47.36],[8.55,47.36],[8.55,47.38],[8.53,47.38],[8.53,47.36]]],[[[8.59,47.39],[8.61,47.39],[8.61,47.41],[8.59,47.41],[8.59,47.39]]]]", new[] { 1, 2, 3 })]
    [InlineData("intersects", "LineString", "[[8.69,47.46],[8.73,47.46]]", new[] { 4 })]
    [InlineData("intersects", "Point", "[8.81,47.51]", new[] { 5 })]
    [InlineData("intersects", "Polygon", "[[[8.0,47.0],[9.0,47.0],[9.0,48.0],[8.0,48.0],[8.0,47.0]]]", new[] { 1, 2, 3, 4, 5 })]
    public async Task Geo_queries_filter(string georel, string geometry, string coordinates, int[] expected)
    {
        var query = $"georel={Uri.EscapeDataString(georel)}&geometry={geometry}&coordinates={Uri.EscapeDataString(coordinates)}&geoproperty=location";
        Assert.Equal(Ids(expected), await IdsAsync(query));
    }

    [Fact]
    public async Task KeyValues_lists_simplified_entities()
    {
        var list = await _client.GetJsonAsync($"{Ngsi.Base}/entities?type={_type}&options=keyValues&id={Uri.EscapeDataString(Id(1))}");
        var e = Assert.Single(list.EnumerateArray());
        Assert.Equal(10, e.GetProperty("speed").GetDouble());
        Assert.Equal("urn:ngsi-ld:Node:test:A", e.GetProperty("refNode").GetString());
        Assert.Equal("Point", e.GetProperty("location").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Ld_json_lists_embed_the_context_in_each_entity()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/entities?type={_type}");
        request.Headers.Accept.ParseAdd(Ngsi.JsonLd);
        var response = await _client.SendAsync(request);
        Assert.Equal(Ngsi.JsonLd, response.Content.Headers.ContentType?.MediaType);
        var list = await Ngsi.JsonOf(response);
        Assert.Equal(5, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), e => Assert.EndsWith("/ngsi-ld/v1/context.jsonld", e.GetProperty("@context").GetString()));
    }

    [Fact]
    public async Task A_thousand_entities_stream_in_one_page()
    {
        var type = $"Bulk{Guid.NewGuid():N}";
        var batch = string.Join(",", Enumerable.Range(0, 1000).Select(i =>
            $$"""{"id": "urn:ngsi-ld:{{type}}:test:{{i:0000}}", "type": "{{type}}", "speed": {"type": "Property", "value": {{i}}, "observedAt": "2026-03-01T08:00:00Z"} }"""));
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync($"{Ngsi.Base}/entityOperations/upsert", $"[{batch}]")).StatusCode);
        var list = await _client.GetJsonAsync($"{Ngsi.Base}/entities?type={type}&limit=1000");
        Assert.Equal(1000, list.GetArrayLength());
        Assert.Equal(999, list[999].GetProperty("speed").GetProperty("value").GetInt32());
    }

    [Theory]
    [InlineData("limit=abc", 400, "BadRequestData", "limit")]
    [InlineData("limit=-1", 400, "BadRequestData", "limit")]
    [InlineData("limit=1.5", 400, "BadRequestData", "limit")]
    [InlineData("limit=99999999999", 400, "BadRequestData", "limit")]
    [InlineData("limit=0", 400, "BadRequestData", "limit")]
    [InlineData("limit=1001", 403, "TooManyResults", "limit")]
    [InlineData("offset=x", 400, "BadRequestData", "offset")]
    [InlineData("count=yes", 400, "BadRequestData", "count")]
    [InlineData("q=speed%3D1", 400, "BadRequestData", "q")]
    [InlineData("q=speed%3D%3D", 400, "BadRequestData", "q")]
    [InlineData("q=", 400, "BadRequestData", "q")]
    [InlineData("q=name~%3D%22(%22", 400, "BadRequestData", "q")]
    [InlineData("q=(speed%3E1", 400, "BadRequestData", "q")]
    [InlineData("idPattern=(%5B", 400, "BadRequestData", "idPattern")]
    [InlineData("id=not-a-uri", 400, "BadRequestData", "id")]
    [InlineData("type=A;B", 422, "OperationNotSupported", "type")]
    [InlineData("type=9lives", 400, "BadRequestData", "type")]
    [InlineData("attrs=,", 400, "BadRequestData", "attrs")]
    [InlineData("options=concise", 400, "BadRequestData", "options")]
    [InlineData("georel=near&geometry=Point&coordinates=[8,47]", 400, "BadRequestData", "georel")]
    [InlineData("georel=near;maxDistance==far&geometry=Point&coordinates=[8,47]", 400, "BadRequestData", "georel")]
    [InlineData("georel=near;maxDistance==-5&geometry=Point&coordinates=[8,47]", 400, "BadRequestData", "georel")]
    [InlineData("georel=near;radius==5&geometry=Point&coordinates=[8,47]", 400, "BadRequestData", "georel")]
    [InlineData("georel=near;maxDistance==5&geometry=LineString&coordinates=[[8,47],[9,48]]", 400, "BadRequestData", "geometry")]
    [InlineData("georel=within&geometry=Point&coordinates=[8,47]", 400, "BadRequestData", "geometry")]
    [InlineData("georel=within;x==1&geometry=Polygon&coordinates=[[[8,47],[9,47],[9,48],[8,47]]]", 400, "BadRequestData", "georel")]
    [InlineData("georel=disjoint;maxDistance==5&geometry=Point&coordinates=[8,47]", 400, "BadRequestData", "georel")]
    [InlineData("georel=wherever&geometry=Point&coordinates=[8,47]", 400, "BadRequestData", "georel")]
    [InlineData("georel=intersects&geometry=Point", 400, "BadRequestData", "coordinates")]
    [InlineData("georel=intersects&coordinates=[8,47]", 400, "BadRequestData", "geometry")]
    [InlineData("geometry=Point&coordinates=[8,47]", 400, "BadRequestData", "georel")]
    [InlineData("georel=intersects&geometry=Point&coordinates=[8,95]", 400, "BadRequestData", "coordinates[1]")]
    [InlineData("georel=intersects&geometry=Point&coordinates=[181,47]", 400, "BadRequestData", "coordinates[0]")]
    [InlineData("georel=intersects&geometry=Point&coordinates=eight", 400, "BadRequestData", "coordinates")]
    [InlineData("georel=intersects&geometry=Circle&coordinates=[8,47]", 400, "BadRequestData", "geometry")]
    [InlineData("georel=within&geometry=Polygon&coordinates=[[[8,47],[9,47],[9,48],[8,48]]]", 400, "BadRequestData", "coordinates[0]")]
    [InlineData("georel=intersects&geometry=Point&coordinates=[8,47]&geoproperty=observationSpace", 400, "BadRequestData", "geoproperty")]
    [InlineData("geoproperty=location", 400, "BadRequestData", "geoproperty")]
    public async Task Bad_parameters_are_4xx_naming_the_parameter(string query, int status, string errorType, string field)
    {
        var response = await _client.GetAsync($"{Ngsi.Base}/entities?type={_type}&{query}");
        await Ngsi.AssertProblemAsync(response, (HttpStatusCode)status, errorType, field);
    }

    [Theory]
    [InlineData("georel=equals&geometry=Point&coordinates=[8.54,47.37]", new[] { 1 })]
    [InlineData("georel=contains&geometry=Point&coordinates=[8.81,47.51]", new[] { 5 })]
    [InlineData("georel=disjoint&geometry=Polygon&coordinates=[[[8.5,47.3],[8.65,47.3],[8.65,47.45],[8.5,47.45],[8.5,47.3]]]", new[] { 4, 5 })]
    [InlineData("georel=overlaps&geometry=Polygon&coordinates=[[[8.81,47.51],[8.83,47.51],[8.83,47.53],[8.81,47.53],[8.81,47.51]]]", new[] { 5 })]
    public async Task Every_geo_relation_of_the_spec_is_answered(string query, int[] expected)
    {
        Assert.Equal(Ids(expected), await IdsAsync(query));
    }

    [Fact]
    public async Task Query_without_filters_lists_a_page_of_everything()
    {
        var list = await _client.GetJsonAsync($"{Ngsi.Base}/entities?limit=3");
        Assert.Equal(3, list.GetArrayLength());
        Assert.Equal(JsonValueKind.String, list[0].GetProperty("id").ValueKind);
    }
}
