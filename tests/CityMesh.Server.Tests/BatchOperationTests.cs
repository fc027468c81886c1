using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CityMesh.Server.Tests;

/// <summary>POST /entityOperations/create, /update and /delete (upsert has <see cref="UpsertTests"/>).</summary>
public sealed class BatchOperationTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private const string Operations = $"{Ngsi.Base}/entityOperations";
    private readonly HttpClient _client = factory.CreateClient();

    private static string Building(string id, string extra = "") =>
        $$"""{"id": "{{id}}", "type": "Building", "height": {"type": "Property", "value": 12}{{extra}} }""";

    private static JsonElement ErrorOf(JsonElement result, string id) =>
        result.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("entityId").GetString() == id).GetProperty("error");

    [Fact]
    public async Task Create_is_201_with_every_id_when_all_are_new()
    {
        var a = Ngsi.NewId("Building");
        var b = Ngsi.NewId("Building");
        var response = await _client.PostAsync($"{Operations}/create", $"[{Building(a)}, {Building(b)}]");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([a, b], (await Ngsi.JsonOf(response)).Strings());
        Assert.Equal(12, (await _client.GetJsonAsync($"{Ngsi.EntityUrl(b)}?options=keyValues")).GetProperty("height").GetDouble());
    }

    [Fact]
    public async Task Create_reports_existing_and_invalid_entities_in_a_207_and_leaves_the_existing_one_as_it_was()
    {
        var existing = Ngsi.NewId("Building");
        var fresh = Ngsi.NewId("Building");
        var invalid = Ngsi.NewId("Building");
        await _client.CreateAsync(Building(existing));

        var response = await _client.PostAsync($"{Operations}/create",
            $$$"""[{{{Building(existing, """, "floors": {"type": "Property", "value": 3}""")}}}, {{{Building(fresh)}}}, {"id": "{{{invalid}}}", "type": "Building", "height": {"type": "Property"}}]""");

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var result = await Ngsi.JsonOf(response);
        Assert.Equal([fresh], result.GetProperty("success").Strings());
        Assert.Equal("https://uri.etsi.org/ngsi-ld/errors/AlreadyExists", ErrorOf(result, existing).GetProperty("type").GetString());
        Assert.Equal(409, ErrorOf(result, existing).GetProperty("status").GetInt32());
        Assert.Equal("[2].height.value", ErrorOf(result, invalid).GetProperty("field").GetString());
        Assert.False((await _client.GetJsonAsync(Ngsi.EntityUrl(existing))).TryGetProperty("floors", out _));
        await _client.GetJsonAsync(Ngsi.EntityUrl(invalid), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_appends_attributes_keeps_the_others_and_is_204()
    {
        var id = Ngsi.NewId("Building");
        await _client.CreateAsync(Building(id, """, "name": {"type": "Property", "value": "Town hall"}"""));

        var response = await _client.PostAsync($"{Operations}/update",
            $$$"""[{"id": "{{{id}}}", "type": "Building", "height": {"type": "Property", "value": 20}, "floors": {"type": "Property", "value": 5}}]""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var entity = await _client.GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues");
        Assert.Equal(20, entity.GetProperty("height").GetDouble());
        Assert.Equal(5, entity.GetProperty("floors").GetDouble());
        Assert.Equal("Town hall", entity.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Update_with_noOverwrite_adds_new_attributes_only()
    {
        var id = Ngsi.NewId("Building");
        await _client.CreateAsync(Building(id));

        var response = await _client.PostAsync($"{Operations}/update?options=noOverwrite",
            $$$"""[{"id": "{{{id}}}", "type": "Building", "height": {"type": "Property", "value": 99}, "floors": {"type": "Property", "value": 5}}]""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var entity = await _client.GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues");
        Assert.Equal(12, entity.GetProperty("height").GetDouble());
        Assert.Equal(5, entity.GetProperty("floors").GetDouble());
    }

    [Fact]
    public async Task Update_of_an_entity_that_does_not_exist_is_a_207_ResourceNotFound_and_creates_nothing()
    {
        var existing = Ngsi.NewId("Building");
        var missing = Ngsi.NewId("Building");
        await _client.CreateAsync(Building(existing));

        var response = await _client.PostAsync($"{Operations}/update", $"[{Building(existing)}, {Building(missing)}]");

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var result = await Ngsi.JsonOf(response);
        Assert.Equal([existing], result.GetProperty("success").Strings());
        Assert.Equal("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound", ErrorOf(result, missing).GetProperty("type").GetString());
        await _client.GetJsonAsync(Ngsi.EntityUrl(missing), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_refuses_an_option_it_does_not_know_naming_options()
    {
        var response = await _client.PostAsync($"{Operations}/update?options=replace", $"[{Building(Ngsi.NewId("Building"))}]");
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData", "options");
    }

    [Fact]
    public async Task Delete_is_204_when_every_entity_went()
    {
        var a = Ngsi.NewId("Building");
        var b = Ngsi.NewId("Building");
        await _client.PostAsync($"{Operations}/create", $"[{Building(a)}, {Building(b)}]");

        var response = await _client.PostAsync($"{Operations}/delete", $"""["{a}", "{b}"]""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await _client.GetJsonAsync(Ngsi.EntityUrl(a), HttpStatusCode.NotFound);
        await _client.GetJsonAsync(Ngsi.EntityUrl(b), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_reports_unknown_ids_and_non_uris_in_a_207_and_deletes_the_rest()
    {
        var present = Ngsi.NewId("Building");
        var absent = Ngsi.NewId("Building");
        await _client.CreateAsync(Building(present));

        var response = await _client.PostAsync($"{Operations}/delete", $"""["{present}", "{absent}", "not a uri", 7]""");

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var result = await Ngsi.JsonOf(response);
        Assert.Equal([present], result.GetProperty("success").Strings());
        Assert.Equal("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound", ErrorOf(result, absent).GetProperty("type").GetString());
        Assert.Equal("[2]", ErrorOf(result, "not a uri").GetProperty("field").GetString());
        var unnamed = result.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("entityId").ValueKind == JsonValueKind.Null);
        Assert.Equal("[3]", unnamed.GetProperty("error").GetProperty("field").GetString());
        await _client.GetJsonAsync(Ngsi.EntityUrl(present), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_viewer_may_not_delete_in_a_batch()
    {
        var id = Ngsi.NewId("Building");
        await _client.CreateAsync(Building(id));
        var response = await factory.ClientAs("viewer").PostAsync($"{Operations}/delete", $"""["{id}"]""");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await _client.GetJsonAsync(Ngsi.EntityUrl(id));
    }

    /// <summary>The suite's batch files: a body that is not JSON is InvalidRequest, an empty array BadRequestData (both 400).</summary>
    [Theory]
    [InlineData("create", "entities/batch/invalid-json.jsonld", "InvalidRequest")]
    [InlineData("create", "entities/batch/empty.jsonld", "BadRequestData")]
    [InlineData("update", "entities/batch/invalid-json.jsonld", "InvalidRequest")]
    [InlineData("update", "entities/batch/empty.jsonld", "BadRequestData")]
    [InlineData("upsert", "entities/batch/invalid-json.jsonld", "InvalidRequest")]
    [InlineData("upsert", "entities/batch/empty.jsonld", "BadRequestData")]
    [InlineData("delete", "entities/batch/invalid-json.jsonld", "InvalidRequest")]
    [InlineData("delete", "entities/batch/empty.jsonld", "BadRequestData")]
    public async Task The_suites_invalid_and_empty_batches_are_400(string operation, string file, string errorType)
    {
        var body = await File.ReadAllTextAsync(SharedData.EtsiSuite(file));
        // As the suite sends them: application/ld+json, so no context Link header.
        var response = await factory.ClientOnCoreContext().PostAsync($"{Operations}/{operation}", body, Ngsi.JsonLd);
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.BadRequest, errorType);
    }

    /// <summary>
    /// The suite's invalid JSON-LD batch (a Property whose value is null) is a 207 naming the entity with BadRequestData.
    /// Its @context names the suite's remote context, which the twin does not fetch; sent as application/json with
    /// the core context instead, the entity is as the suite wrote it.
    /// </summary>
    [Theory]
    [InlineData("create")]
    [InlineData("upsert")]
    public async Task The_suites_invalid_JSON_LD_batch_is_a_207_with_BadRequestData(string operation)
    {
        var batch = JsonNode.Parse(await File.ReadAllTextAsync(SharedData.EtsiSuite("entities/batch/invalid-json-ld.jsonld")))!.AsArray();
        var id = Ngsi.NewId("Building");
        foreach (var entity in batch)
        {
            entity!.AsObject().Remove("@context");
            entity["id"] = id;
        }

        var response = await _client.PostAsync($"{Operations}/{operation}", batch.ToJsonString());

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var error = ErrorOf(await Ngsi.JsonOf(response), id);
        Assert.Equal("https://uri.etsi.org/ngsi-ld/errors/BadRequestData", error.GetProperty("type").GetString());
        Assert.Equal("[0].name.value", error.GetProperty("field").GetString());
    }
}
