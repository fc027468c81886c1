using System.Net;
using System.Text;

namespace CityMesh.Server.Tests;

/// <summary>
/// Whatever a client sends, the answer is a 4xx NGSI-LD problem naming what was wrong, never a 500 and never a stack
/// trace.
/// </summary>
public sealed class MalformedInputTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private const string Id = "urn:ngsi-ld:RoadSegment:test:malformed";
    private const string Head = $"\"id\": \"{Id}\", \"type\": \"RoadSegment\"";
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, int, string, string?> CreateBodies => new()
    {
        { "{", 400, "InvalidRequest", null },
        { "", 400, "InvalidRequest", null },
        { "{\"id\": \"urn:x:1\", \"type\": \"X\",}", 400, "InvalidRequest", null },
        { "{\"id\": NaN}", 400, "InvalidRequest", null },
        { new string('[', 100) + new string(']', 100), 400, "InvalidRequest", null },
        { "[1, 2]", 400, "InvalidRequest", null },
        { "null", 400, "InvalidRequest", null },
        { "\"text\"", 400, "InvalidRequest", null },
        { """{"type": "RoadSegment"}""", 400, "BadRequestData", "id" },
        { """{"id": "urn:ngsi-ld:X:1"}""", 400, "BadRequestData", "type" },
        { """{"id": "not a uri", "type": "X"}""", 400, "BadRequestData", "id" },
        { """{"id": "no-scheme", "type": "X"}""", 400, "BadRequestData", "id" },
        { """{"id": 42, "type": "X"}""", 400, "BadRequestData", "id" },
        { """{"id": "urn:ngsi-ld:X:1", "id": "urn:ngsi-ld:X:2", "type": "X"}""", 400, "BadRequestData", "id" },
        { """{"id": "urn:ngsi-ld:X:1", "type": []}""", 400, "BadRequestData", "type" },
        { """{"id": "urn:ngsi-ld:X:1", "type": ["A", 7]}""", 400, "BadRequestData", "type[1]" },
        { """{"id": "urn:ngsi-ld:X:1", "type": "9lives"}""", 400, "BadRequestData", "type" },
        { """{"id": "urn:ngsi-ld:X:1", "type": 7}""", 400, "BadRequestData", "type" },
        { $$"""{ {{Head}}, "speed": 5}""", 400, "BadRequestData", "speed" },
        { $$"""{ {{Head}}, "speed": [{"type": "Property", "value": 1}, {"type": "Property", "value": 2}]}""", 400, "BadRequestData", "speed" },
        { $$"""{ {{Head}}, "speed": []}""", 400, "BadRequestData", "speed" },
        { $$"""{ {{Head}}, "speed": [{"type": "Property", "value": 1, "datasetId": "urn:x:a"}, {"type": "Relationship", "object": "urn:x:1", "datasetId": "urn:x:b"}]}""", 400, "BadRequestData", "speed" },
        { $$"""{ {{Head}}, "speed": {"type": "Property"} }""", 400, "BadRequestData", "speed.value" },
        { $$"""{ {{Head}}, "speed": {"type": "Property", "value": null} }""", 400, "BadRequestData", "speed.value" },
        { $$"""{ {{Head}}, "speed": {"type": "Propertee", "value": 1} }""", 400, "BadRequestData", "speed.type" },
        { $$"""{ {{Head}}, "speed": {"value": 1} }""", 400, "BadRequestData", "speed.type" },
        { $$"""{ {{Head}}, "speed": {"type": "Property", "value": 1e400} }""", 400, "BadRequestData", "speed.value" },
        { $$"""{ {{Head}}, "speed": {"type": "Property", "value": 1, "unitCode": 5} }""", 400, "BadRequestData", "speed.unitCode" },
        { $$"""{ {{Head}}, "speed": {"type": "Property", "value": 1, "unitCode": "km/h"} }""", 400, "BadRequestData", "speed.unitCode" },
        { $$"""{ {{Head}}, "speed": {"type": "Property", "value": 1, "observedAt": "yesterday"} }""", 400, "BadRequestData", "speed.observedAt" },
        { $$"""{ {{Head}}, "speed": {"type": "Property", "value": 1, "observedAt": 1700000000} }""", 400, "BadRequestData", "speed.observedAt" },
        { $$"""{ {{Head}}, "speed": {"type": "Property", "value": 1, "accuracy": 0.1 } }""", 400, "BadRequestData", "speed.accuracy" },
        { $$"""{ {{Head}}, "speed": {"type": "Property", "value": 1, "accuracy": {"type": "Property", "value": 0.1, "datasetId": "urn:x:a"} } }""", 400, "BadRequestData", "speed.accuracy.datasetId" },
        { $$"""{ {{Head}}, "speed": {"type": "Property", "value": 1, "datasetId": "radar"} }""", 400, "BadRequestData", "speed.datasetId" },
        { $$"""{ {{Head}}, "speed": {"type": "Property", "value": 1}, "speed": {"type": "Property", "value": 2} }""", 400, "BadRequestData", "speed" },
        { $$"""{ {{Head}}, "label": {"type": "LanguageProperty", "languageMap": "x" } }""", 400, "BadRequestData", "label.languageMap" },
        { $$"""{ {{Head}}, "label": {"type": "LanguageProperty", "value": {"en": "x"} } }""", 400, "BadRequestData", "label.value" },
        { $$"""{ {{Head}}, "label": {"type": "ListRelationship", "objectList": [] } }""", 400, "BadRequestData", "label.type" },
        { $$"""{ {{Head}}, "area": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [1, 200]} } }""", 400, "BadRequestData", "area.value.coordinates[1]" },
        { $$"""{ {{Head}}, "refX": {"type": "Relationship", "object": "not a uri"} }""", 400, "BadRequestData", "refX.object" },
        { $$"""{ {{Head}}, "refX": {"type": "Relationship", "object": ["urn:x:1", 5]} }""", 400, "BadRequestData", "refX.object[1]" },
        { $$"""{ {{Head}}, "refX": {"type": "Relationship"} }""", 400, "BadRequestData", "refX.object" },
        { $$"""{ {{Head}}, "refX": {"type": "Relationship", "object": "urn:x:1", "value": 3} }""", 400, "BadRequestData", "refX.value" },
        { $$"""{ {{Head}}, "bad name": {"type": "Property", "value": 1} }""", 400, "BadRequestData", "bad name" },
        { $$"""{ {{Head}}, "": {"type": "Property", "value": 1} }""", 400, "BadRequestData", "(attribute)" },
        { $$"""{ {{Head}}, "scope": "Zurich"}""", 400, "BadRequestData", "scope" },
        { $$"""{ {{Head}}, "scope": ["/Zurich", 5]}""", 400, "BadRequestData", "scope[1]" },
        { $$"""{ {{Head}}, "observedAt": "2026-03-01T08:00:00Z"}""", 400, "BadRequestData", "observedAt" },
        { $$"""{ {{Head}}, "category": "other"}""", 400, "BadRequestData", "category" },
        { $$"""{ {{Head}}, "appearance": {"type": "Property", "value": 3} }""", 400, "BadRequestData", "appearance.value" },
        { $$"""{ {{Head}}, "location": {"type": "Point", "coordinates": [8, 47]} }""", 400, "BadRequestData", "location.type" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty"} }""", 400, "BadRequestData", "location.value" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": "8,47"} }""", 400, "BadRequestData", "location.value" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8, 91]} } }""", 400, "BadRequestData", "location.value.coordinates[1]" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [-181, 47]} } }""", 400, "BadRequestData", "location.value.coordinates[0]" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": ["8", 47]} } }""", 400, "BadRequestData", "location.value.coordinates[0]" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8]} } }""", 400, "BadRequestData", "location.value.coordinates" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "Point"} } }""", 400, "BadRequestData", "location.value.coordinates" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "Circle", "coordinates": [8, 47]} } }""", 400, "BadRequestData", "location.value.type" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "GeometryCollection", "geometries": []} } }""", 400, "BadRequestData", "location.value.coordinates" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "LineString", "coordinates": [[8, 47]]} } }""", 400, "BadRequestData", "location.value.coordinates" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": [[[8, 47], [9, 47], [9, 48], [8, 48]]]} } }""", 400, "BadRequestData", "location.value.coordinates[0]" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": [[[8, 47], [9, 97], [9, 48], [8, 47]]]} } }""", 400, "BadRequestData", "location.value.coordinates[0][1][1]" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": [[[8, 47], [9, 47], [9, 48], [8, 47, 1, 2]]]} } }""", 400, "BadRequestData", "location.value.coordinates[0][3]" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "MultiPolygon", "coordinates": [[[[8, 47], [9, 47], [9, 48], [8, 47]]], [[[8, 47], [9, 47], [8, 47]]]]} } }""", 400, "BadRequestData", "location.value.coordinates[1][0]" },
        { $$"""{ {{Head}}, "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8, 47]}, "accuracy": 5} }""", 400, "BadRequestData", "location.accuracy" },
        { """{"id": "urn:ngsi-ld:X:\ud800", "type": "X"}""", 400, "BadRequestData", "id" },
        { """{"id": "urn:ngsi-ld:X:1", "type": "X", "a\udc00": {"type": "Property", "value": 1} }""", 400, "BadRequestData", "(member 2)" },
        { """{"id": "urn:ngsi-ld:X:1", "type": "X", "a": {"type": "Property", "value": ["\ud83d\ude00", "\ud83d"]} }""", 400, "BadRequestData", "a.value[1]" },
    };

    [Theory]
    [MemberData(nameof(CreateBodies))]
    public async Task Bad_entities_are_4xx_naming_the_field(string body, int status, string errorType, string? field)
    {
        var response = await _client.PostAsync($"{Ngsi.Base}/entities", body);
        await Ngsi.AssertProblemAsync(response, (HttpStatusCode)status, errorType, field);
        await _client.GetJsonAsync(Ngsi.EntityUrl(Id), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_bad_field_is_listed()
    {
        var response = await _client.PostAsync($"{Ngsi.Base}/entities", $$"""
            { {{Head}},
              "speed": {"type": "Property", "value": 1, "observedAt": "soon"},
              "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8, 99]} },
              "refX": {"type": "Relationship", "object": "nope"}
            }
            """);
        var problem = await Ngsi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData", "speed.observedAt");
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToArray();
        Assert.Equal(new[] { "speed.observedAt", "location.value.coordinates[1]", "refX.object" }, fields);
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("reason").GetString())));
    }

    [Fact]
    public async Task Too_many_attributes_is_400()
    {
        var attributes = string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"a{i}\": {{\"type\": \"Property\", \"value\": {i}}}"));
        var response = await _client.PostAsync($"{Ngsi.Base}/entities", $"{{ {Head}, {attributes} }}");
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData", "attributes");
    }

    [Fact]
    public async Task A_body_over_1_MiB_is_413()
    {
        var padding = new string('x', (1 << 20) + 10);
        var response = await _client.PostAsync($"{Ngsi.Base}/entities", $$"""{ {{Head}}, "note": {"type": "Property", "value": "{{padding}}"} }""");
        var problem = await Ngsi.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "InvalidRequest");
        Assert.Contains("1 MiB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_chunked_body_over_1_MiB_is_413()
    {
        var padding = new string('x', (1 << 20) + 10);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{ {{Head}}, "note": {"type": "Property", "value": "{{padding}}"} }""")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Ngsi.Base}/entities") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await Ngsi.AssertProblemAsync(await _client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "InvalidRequest");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Other_content_types_are_415(string contentType)
    {
        var response = await _client.PostAsync($"{Ngsi.Base}/entities", Ngsi.RoadSegment(Ngsi.NewId()), contentType);
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "InvalidRequest", "Content-Type");
        var batch = await _client.PostAsync($"{Ngsi.Base}/entityOperations/upsert", $"[{Ngsi.RoadSegment(Ngsi.NewId())}]", contentType);
        await Ngsi.AssertProblemAsync(batch, HttpStatusCode.UnsupportedMediaType, "InvalidRequest", "Content-Type");
    }

    [Fact]
    public async Task A_body_without_content_type_is_415()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Ngsi.RoadSegment(Ngsi.NewId())));
        var response = await _client.PostAsync($"{Ngsi.Base}/entities", content);
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "InvalidRequest", "Content-Type");
    }

    [Fact]
    public async Task Json_with_a_charset_is_accepted()
    {
        var id = Ngsi.NewId();
        var content = new StringContent(Ngsi.RoadSegment(id), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync($"{Ngsi.Base}/entities", content)).StatusCode);
    }

    /// <summary>A sweep over every endpoint with hostile inputs: nothing may answer 5xx.</summary>
    [Fact]
    public async Task No_malformed_request_is_a_server_error()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var e = Uri.EscapeDataString(id);
        var gets = new[]
        {
            "/entities/urn:x:%01", "/entities/urn:%20x", $"/entities/{e}?attrs=%00", $"/entities/{e}?options=%FF",
            "/entities?type=%00", "/entities?q=%00", "/entities?q=a[", "/entities?q=a[b", "/entities?q=((((((", "/entities?q=a==%22",
            "/entities?q=a~=%22(%3F%3C%3D%22", "/entities?idPattern=%5C", "/entities?idPattern=(a%2B)%2B%24",
            "/entities?georel=near;maxDistance==1e400&geometry=Point&coordinates=[8,47]",
            "/entities?georel=near;maxDistance==NaN&geometry=Point&coordinates=[8,47]",
            "/entities?georel=within&geometry=Polygon&coordinates=[]", "/entities?georel=within&geometry=Polygon&coordinates=[[]]",
            "/entities?georel=intersects&geometry=Point&coordinates=[1e999,0]", "/entities?georel=intersects&geometry=Point&coordinates=null",
            "/entities?georel=intersects&geometry=Point&coordinates=" + new string('[', 200),
            "/entities?limit=2147483648", "/entities?offset=2147483647&limit=1000", "/entities?offset=-0",
            $"/temporal/entities/{e}?lastN=2147483648", $"/temporal/entities/{e}?timeAt=9999-99-99", "/temporal/entities/x",
            "/entities?id=" + string.Join(",", Enumerable.Range(0, 200).Select(i => $"urn:x:{i}")),
        };
        foreach (var path in gets)
        {
            var response = await _client.GetAsync(Ngsi.Base + path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"GET {path} answered {(int)response.StatusCode}: {body}");
            Ngsi.AssertNoInternals(body);
        }
        var bodies = new[]
        {
            "{}", "[]", "[[]]", "{\"id\": {}}", "{\"@context\": {}}", "{\"id\": \"urn:x:1\", \"type\": \"X\", \"a\": {\"type\": \"Property\", \"value\": 1e400}}",
            "\u0000", "{\"\u0000\": 1}", "{\"id\": \"urn:x:\\ud800\", \"type\": \"X\"}",
        };
        foreach (var body in bodies)
        {
            foreach (var (path, method) in new[] { ("/entities", HttpMethod.Post), ($"/entities/{e}/attrs", HttpMethod.Patch), ("/entityOperations/upsert", HttpMethod.Post) })
            foreach (var contentType in new[] { Ngsi.Json, Ngsi.JsonLd })
            {
                using var request = new HttpRequestMessage(method, Ngsi.Base + path) { Content = Ngsi.Body(body, contentType) };
                var response = await _client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode < 500 || (int)response.StatusCode == 503,
                    $"{method} {path} ({contentType}) with {body} answered {(int)response.StatusCode}: {text}");
                Ngsi.AssertNoInternals(text);
            }
        }
        Assert.Equal(42.5, (await _client.GetJsonAsync(Ngsi.EntityUrl(id))).GetProperty("speed").GetProperty("value").GetDouble());
    }
}
