using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>GET /types, /types/{type}, /attributes and /attributes/{attrId}, over entities of this class's own types.</summary>
public sealed class TypesAndAttributesTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient();
    private readonly string _type = $"Kiosk{Guid.NewGuid():N}";
    private readonly string _other = $"Stall{Guid.NewGuid():N}";
    private readonly string _attribute = $"rent{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        var response = await _client.PostAsync($"{Ngsi.Base}/entityOperations/create", $$$"""
            [
              {"id": "urn:ngsi-ld:{{{_type}}}:test:1", "type": "{{{_type}}}", "{{{_attribute}}}": {"type": "Property", "value": 100},
               "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8.54, 47.37]} } },
              {"id": "urn:ngsi-ld:{{{_type}}}:test:2", "type": "{{{_type}}}", "{{{_attribute}}}": {"type": "Relationship", "object": "urn:ngsi-ld:Contract:test:9"}},
              {"id": "urn:ngsi-ld:{{{_other}}}:test:1", "type": "{{{_other}}}", "{{{_attribute}}}": {"type": "Property", "value": 40}},
              {"id": "urn:ngsi-ld:Building:test:{{{Guid.NewGuid():N}}}", "type": "Building"}
            ]
            """);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Types_are_an_EntityTypeList()
    {
        var list = await _client.GetJsonAsync($"{Ngsi.Base}/types");
        Assert.Equal("EntityTypeList", list.GetProperty("type").GetString());
        Assert.StartsWith("urn:ngsi-ld:EntityTypeList:", list.GetProperty("id").GetString());
        Assert.Contains(_type, list.GetProperty("typeList").Strings());
        Assert.Contains(_other, list.GetProperty("typeList").Strings());
    }

    [Fact]
    public async Task Types_with_details_list_each_types_attribute_names()
    {
        var list = await _client.GetJsonAsync($"{Ngsi.Base}/types?details=true");
        var kiosk = list.EnumerateArray().Single(t => t.GetProperty("typeName").GetString() == _type);
        Assert.Equal("EntityType", kiosk.GetProperty("type").GetString());
        Assert.Equal($"https://uri.etsi.org/ngsi-ld/default-context/{_type}", kiosk.GetProperty("id").GetString());
        Assert.Equal(["location", _attribute], kiosk.GetProperty("attributeNames").Strings().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task One_type_is_an_EntityTypeInfo_with_its_count_and_attribute_kinds()
    {
        var info = await _client.GetJsonAsync($"{Ngsi.Base}/types/{_type}");
        Assert.Equal("EntityTypeInfo", info.GetProperty("type").GetString());
        Assert.Equal(_type, info.GetProperty("typeName").GetString());
        Assert.Equal(2, info.GetProperty("entityCount").GetInt32());
        var details = info.GetProperty("attributeDetails").EnumerateArray().ToDictionary(a => a.GetProperty("attributeName").GetString()!);
        Assert.Equal(["GeoProperty"], details["location"].GetProperty("attributeTypes").Strings());
        Assert.Equal(["Property", "Relationship"], details[_attribute].GetProperty("attributeTypes").Strings());
        Assert.Equal("Attribute", details[_attribute].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_type_nobody_has_is_404()
    {
        var response = await _client.GetAsync($"{Ngsi.Base}/types/Nothing{Guid.NewGuid():N}");
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Attributes_are_an_AttributeList()
    {
        var list = await _client.GetJsonAsync($"{Ngsi.Base}/attributes");
        Assert.Equal("AttributeList", list.GetProperty("type").GetString());
        Assert.Contains(_attribute, list.GetProperty("attributeList").Strings());
    }

    [Fact]
    public async Task Attributes_with_details_name_their_kinds_and_types()
    {
        var list = await _client.GetJsonAsync($"{Ngsi.Base}/attributes?details=true");
        var rent = list.EnumerateArray().Single(a => a.GetProperty("attributeName").GetString() == _attribute);
        Assert.Equal("Attribute", rent.GetProperty("type").GetString());
        Assert.Equal(["Property", "Relationship"], rent.GetProperty("attributeTypes").Strings());
        Assert.Equal(new[] { _type, _other }.Order(StringComparer.Ordinal), rent.GetProperty("typeNames").Strings().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task One_attribute_counts_the_entities_that_have_it()
    {
        var rent = await _client.GetJsonAsync($"{Ngsi.Base}/attributes/{_attribute}");
        Assert.Equal(3, rent.GetProperty("attributeCount").GetInt32());
        Assert.Equal($"https://uri.etsi.org/ngsi-ld/default-context/{_attribute}", rent.GetProperty("id").GetString());
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Ngsi.Base}/attributes/none{Guid.NewGuid():N}"), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task An_attribute_can_be_named_by_its_IRI()
    {
        var iri = Uri.EscapeDataString($"https://uri.etsi.org/ngsi-ld/default-context/{_attribute}");
        var rent = await _client.GetJsonAsync($"{Ngsi.Base}/attributes/{iri}");
        Assert.Equal(_attribute, rent.GetProperty("attributeName").GetString());
    }

    [Fact]
    public async Task Names_are_compacted_with_the_requests_context_and_JSON_LD_answers_carry_it()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/types/{_type}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Ngsi.JsonLd));
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Ngsi.JsonLd, response.Content.Headers.ContentType?.MediaType);
        var info = await Ngsi.JsonOf(response);
        Assert.Equal(JsonValueKind.String, info.GetProperty("@context").ValueKind);

        // The core context has no term for Building, which CityMesh maps to its Smart Data Model IRI: the IRI it is.
        var core = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/types?details=true");
        core.Headers.Add("Link", $"<https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld>; rel=\"{Ngsi.ContextRel}\"; type=\"application/ld+json\"");
        var types = await Ngsi.JsonOf(await _client.SendAsync(core));
        var building = types.EnumerateArray().Single(t => t.GetProperty("id").GetString()!.EndsWith("/Building", StringComparison.Ordinal));
        Assert.StartsWith("https://smartdatamodels.org/", building.GetProperty("typeName").GetString());
        Assert.Contains(_type, types.EnumerateArray().Select(t => t.GetProperty("typeName").GetString()));
    }

    [Fact]
    public async Task Details_must_be_true_or_false()
    {
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Ngsi.Base}/types?details=yes"), HttpStatusCode.BadRequest, "BadRequestData", "details");
    }

    [Fact]
    public async Task Anonymous_callers_may_not_list_types()
    {
        var response = await factory.ClientAs(null).GetAsync($"{Ngsi.Base}/types");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
