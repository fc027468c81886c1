using System.Net;
using System.Text.Json.Nodes;
using static CityMesh.Server.Tests.Temporal.TemporalSuiteData;

namespace CityMesh.Server.Tests.Temporal;

/// <summary>
/// The temporal API over HTTP, from the ETSI suite's temporalEntities files (requests and expectations), run against
/// each store by the classes at the end of this file.
/// </summary>
public abstract class TemporalApiContract(HttpClient client)
{
    protected HttpClient Client { get; } = client;

    private const string TemporalEntities = $"{Ngsi.Base}/temporal/entities";

    private static string TemporalUrl(string id) => $"{TemporalEntities}/{Uri.EscapeDataString(id)}";

    /// <summary>A suite file as published: application/ld+json with its @context.</summary>
    private Task<HttpResponseMessage> PostSuiteFileAsync(string file, string id) => Client.PostAsync(TemporalEntities, Request(file, id), Ngsi.JsonLd);

    private async Task<string> CreateAsync(string file)
    {
        var id = NewVehicleId();
        Assert.Equal(HttpStatusCode.Created, (await PostSuiteFileAsync(file, id)).StatusCode);
        return id;
    }

    /// <summary>A request in application/json naming the suite's context in a Link header, as the suite sends them (or none).</summary>
    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, bool suiteLink = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = Ngsi.Body(json);
        if (suiteLink) request.Headers.TryAddWithoutValidation("Link", SuiteLink);
        return Client.SendAsync(request);
    }

    private async Task<JsonNode> GetJsonAsync(string path, bool suiteLink = true)
    {
        var response = await SendAsync(HttpMethod.Get, path, suiteLink: suiteLink);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private Task<JsonNode> TemporalAsync(string id, string query = "", bool suiteLink = true) =>
        GetJsonAsync($"{TemporalUrl(id)}{(query.Length == 0 ? "" : "?" + query)}", suiteLink);

    // ---- create (the suite's 001) -----------------------------------------------------------------------------

    [Fact]
    public async Task Create_answers_201_with_the_temporal_location_and_keeps_every_instance()
    {
        var id = NewVehicleId();
        var response = await PostSuiteFileAsync("vehicle-create-temporal-representation.jsonld", id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(TemporalUrl(id), response.Headers.Location?.OriginalString);
        // The suite expects the fuelLevel instance with a datasetId among the history: CityMesh keeps history for the
        // default instance only, so that instance is the attribute's current one with its datasetId (see the README).
        var expected = Expected("vehicle-temporal-representation-create.jsonld", id);
        var fuel = expected["fuelLevel"]!.AsArray();
        var withDataset = fuel.Single(i => i!["datasetId"] is not null)!;
        fuel.Remove(withDataset);
        AssertSame(expected, await TemporalAsync(id));
        var instances = (await GetJsonAsync(Ngsi.EntityUrl(id)))["fuelLevel"]!.AsArray();
        Assert.Contains(instances, i => i!["datasetId"]?.GetValue<string>() == "urn:ngsi-ld:Vehicle:12345-fuel" && i["value"]!.GetValue<double>() == 40);
        Assert.Equal(53, instances.Single(i => i!["datasetId"] is null)!["value"]!.GetValue<double>()); // the newest default one
    }

    [Fact]
    public async Task Create_without_context_reads_the_names_with_the_core_context()
    {
        var id = NewVehicleId();
        var response = await SendAsync(HttpMethod.Post, TemporalEntities, Request("vehicle-create-temporal-representation-without-context.jsonld", id), suiteLink: false);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertSame(Expected("vehicle-temporal-representation-create-with-no-context.jsonld", id), await TemporalAsync(id, suiteLink: false));
    }

    [Theory]
    [InlineData("vehicle-temporal-representation-empty-json.jsonld")]
    [InlineData("vehicle-temporal-representation-invalid-json.jsonld")]
    public async Task Empty_and_invalid_JSON_are_400(string file)
    {
        var response = await Client.PostAsync(TemporalEntities, Request(file, NewVehicleId()), Ngsi.JsonLd);
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
    }

    [Fact]
    public async Task Creating_an_existing_entity_adds_its_instances_with_204()
    {
        var id = await CreateAsync("2020-08-vehicle-temporal-representation.jsonld");
        var more = """{"id": "ID", "type": "Vehicle", "speed": [{"type": "Property", "value": 90, "observedAt": "2020-08-01T12:04:00Z"}]}""";

        var response = await SendAsync(HttpMethod.Post, TemporalEntities, more.Replace("ID", id));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var speed = (await TemporalAsync(id, "attrs=speed"))["speed"]!.AsArray();
        Assert.Equal([120.0, 90, 80, 100], speed.Select(i => i!["value"]!.GetValue<double>()));
        // The current value stays the newest instance.
        Assert.Equal(100, (await GetJsonAsync(Ngsi.EntityUrl(id)))["speed"]!["value"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("""{"id": "urn:ngsi-ld:Vehicle:x", "type": "Vehicle", "speed": [{"type": "Property", "value": 1}, {"type": "Property", "value": 2}]}""", "speed[1]")]
    [InlineData("""{"id": "urn:ngsi-ld:Vehicle:x", "type": "Vehicle", "speed": [{"type": "Property", "value": 1, "observedAt": "yesterday"}]}""", "speed[0].observedAt")]
    [InlineData("""{"id": "urn:ngsi-ld:Vehicle:x", "type": "Vehicle", "speed": []}""", "speed")]
    [InlineData("""{"type": "Vehicle", "speed": [{"type": "Property", "value": 1, "observedAt": "2020-08-01T12:04:00Z"}]}""", "id")]
    public async Task A_bad_temporal_representation_is_400_naming_the_field(string body, string field)
    {
        var response = await SendAsync(HttpMethod.Post, TemporalEntities, body);
        var problem = await Ngsi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData");
        Assert.Contains(field, problem.GetRawText());
    }

    // ---- retrieve (the suite's 020) ---------------------------------------------------------------------------

    [Fact]
    public async Task Retrieve_without_a_context_gives_full_names()
    {
        var id = await CreateAsync("2020-08-vehicle-temporal-representation.jsonld");
        AssertSame(Expected("vehicle-temporal-representation-020-01.jsonld", id), await TemporalAsync(id, suiteLink: false));
    }

    [Theory]
    [InlineData("attrs=fuelLevel", "vehicle-temporal-representation-020-03-01.jsonld")]
    [InlineData("attrs=fuelLevel,speed", "vehicle-temporal-representation-020-03-02.jsonld")]
    [InlineData("attrs=fuelLevel&timerel=after&timeAt=2020-08-01T12:05:00Z", "vehicle-temporal-representation-020-04-01.jsonld")]
    [InlineData("timerel=before&timeAt=2020-08-01T12:04:00Z", "vehicle-temporal-representation-020-04-02.jsonld")]
    [InlineData("timerel=between&timeAt=2020-08-01T12:00:00Z&endTimeAt=2020-08-01T13:00:00Z", "vehicle-temporal-representation-020-04-03.jsonld")]
    public async Task Retrieve_selects_attributes_and_time(string query, string expectation)
    {
        var id = await CreateAsync("2020-08-vehicle-temporal-representation.jsonld");
        AssertSame(Expected(expectation, id), await TemporalAsync(id, query));
    }

    [Theory]
    [InlineData("lastN=4", "vehicle-temporal-representation-020-05-01.jsonld")]
    [InlineData("lastN=5", "vehicle-temporal-representation-020-05-02.jsonld")]
    [InlineData("lastN=50", "vehicle-temporal-representation-020-05-02.jsonld")]
    public async Task Retrieve_with_lastN_keeps_the_newest(string query, string expectation)
    {
        var id = await CreateAsync("2020-08-vehicle-temporal-representation-multiple-instances.jsonld");
        AssertSame(Expected(expectation, id), await TemporalAsync(id, query));
    }

    [Fact]
    public async Task TemporalValues_pairs_each_value_with_its_time()
    {
        var id = await CreateAsync("2020-08-vehicle-temporal-representation.jsonld");
        var fuel = (await TemporalAsync(id, "options=temporalValues&attrs=fuelLevel"))["fuelLevel"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"type": "Property", "values": [[67, "2020-08-01T12:03:00Z"], [53, "2020-08-01T13:05:00Z"], [40, "2020-08-01T14:07:00Z"]]}
            """), fuel), fuel.ToJsonString());
    }

    // ---- aggregated values ------------------------------------------------------------------------------------

    [Fact]
    public async Task AggregatedValues_per_period_from_timeAt()
    {
        // speed 85@12:25 105@12:27 | 120@12:29 125@12:31 | 130@12:35, periods of 4 minutes from 12:24.
        var id = await CreateAsync("2020-08-vehicle-temporal-representation-multiple-instances.jsonld");

        var entity = await TemporalAsync(id, "options=aggregatedValues&aggrMethods=max,avg,totalCount&aggrPeriodDuration=PT4M&attrs=speed"
            + "&timerel=between&timeAt=2020-08-01T12:24:00Z&endTimeAt=2020-08-01T12:36:00Z");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {
              "type": "Property",
              "max": [[105, "2020-08-01T12:24:00Z", "2020-08-01T12:28:00Z"], [125, "2020-08-01T12:28:00Z", "2020-08-01T12:32:00Z"],
                      [130, "2020-08-01T12:32:00Z", "2020-08-01T12:36:00Z"]],
              "avg": [[95, "2020-08-01T12:24:00Z", "2020-08-01T12:28:00Z"], [122.5, "2020-08-01T12:28:00Z", "2020-08-01T12:32:00Z"],
                      [130, "2020-08-01T12:32:00Z", "2020-08-01T12:36:00Z"]],
              "totalCount": [[2, "2020-08-01T12:24:00Z", "2020-08-01T12:28:00Z"], [2, "2020-08-01T12:28:00Z", "2020-08-01T12:32:00Z"],
                             [1, "2020-08-01T12:32:00Z", "2020-08-01T12:36:00Z"]]
            }
            """), entity["speed"]), entity.ToJsonString());
        Assert.Null(entity["fuelLevel"]);
    }

    [Fact]
    public async Task AggregatedValues_over_the_whole_range()
    {
        // fuelLevel 35 31 28 24 19 from 20:05 to 22:07: sum 137, sumsq 1225+961+784+576+361 = 3907.
        var id = await CreateAsync("2020-08-vehicle-temporal-representation-multiple-instances.jsonld");

        var fuel = (await TemporalAsync(id, "format=aggregatedValues&aggrMethods=sum,sumsq,min,distinctCount&attrs=fuelLevel"))["fuelLevel"]!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {
              "type": "Property",
              "sum": [[137, "2020-08-01T20:05:00Z", "2020-08-01T22:07:00Z"]],
              "sumsq": [[3907, "2020-08-01T20:05:00Z", "2020-08-01T22:07:00Z"]],
              "min": [[19, "2020-08-01T20:05:00Z", "2020-08-01T22:07:00Z"]],
              "distinctCount": [[5, "2020-08-01T20:05:00Z", "2020-08-01T22:07:00Z"]]
            }
            """), fuel), fuel.ToJsonString());
    }

    [Theory]
    [InlineData("options=aggregatedValues", HttpStatusCode.BadRequest, "BadRequestData", "aggrMethods")]
    [InlineData("options=aggregatedValues&aggrMethods=median", HttpStatusCode.BadRequest, "BadRequestData", "aggrMethods")]
    [InlineData("aggrMethods=sum", HttpStatusCode.BadRequest, "BadRequestData", "aggrMethods")]
    [InlineData("options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=1h", HttpStatusCode.BadRequest, "BadRequestData", "aggrPeriodDuration")]
    [InlineData("options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=P1M", HttpStatusCode.UnprocessableEntity, "OperationNotSupported", "aggrPeriodDuration")]
    [InlineData("options=aggregatedValues,temporalValues&aggrMethods=sum", HttpStatusCode.BadRequest, "BadRequestData", "options")]
    [InlineData("timerel=between&timeAt=2020-08-01T12:00:00Z", HttpStatusCode.BadRequest, "BadRequestData", "endTimeAt")]
    [InlineData("lastN=0", HttpStatusCode.BadRequest, "BadRequestData", "lastN")]
    public async Task Bad_temporal_parameters_are_named(string query, HttpStatusCode status, string type, string field)
    {
        var id = await CreateAsync("2020-08-vehicle-temporal-representation.jsonld");
        await Ngsi.AssertProblemAsync(await SendAsync(HttpMethod.Get, $"{TemporalUrl(id)}?{query}"), status, type, field);
        await Ngsi.AssertProblemAsync(await SendAsync(HttpMethod.Get, $"{TemporalEntities}?id={Uri.EscapeDataString(id)}&{query}"), status, type, field);
    }

    // ---- query ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Query_lists_the_matching_entities_with_their_history_and_pages_with_links()
    {
        var first = await CreateAsync("2020-08-vehicle-temporal-representation.jsonld");
        var second = await CreateAsync("2020-08-vehicle-temporal-representation-multiple-instances.jsonld");
        var ids = string.Join(",", new[] { first, second }.Select(Uri.EscapeDataString));

        var response = await SendAsync(HttpMethod.Get, $"{TemporalEntities}?type=Vehicle&id={ids}&attrs=speed&lastN=1&count=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", Assert.Single(response.Headers.GetValues("NGSILD-Results-Count")));
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        var byId = list.ToDictionary(e => e!["id"]!.GetValue<string>(), e => e!);
        Assert.Equal(100, byId[first]["speed"]![0]!["value"]!.GetValue<double>());
        Assert.Equal(130, byId[second]["speed"]![0]!["value"]!.GetValue<double>());
        Assert.All(list, e => Assert.Null(e!["fuelLevel"]));

        var page = await SendAsync(HttpMethod.Get, $"{TemporalEntities}?id={ids}&limit=1");
        Assert.Single(JsonNode.Parse(await page.Content.ReadAsStringAsync())!.AsArray());
        Assert.Contains(page.Headers.GetValues("Link"), link => link.Contains("rel=\"next\"") && link.Contains("offset=1"));
    }

    [Fact]
    public async Task Query_filters_with_q_on_the_current_state_and_aggregates_each_entity()
    {
        var slow = await CreateAsync("2020-08-vehicle-temporal-representation.jsonld"); // speed now 100
        var fast = await CreateAsync("2020-08-vehicle-temporal-representation-multiple-instances.jsonld"); // speed now 130
        var ids = string.Join(",", new[] { slow, fast }.Select(Uri.EscapeDataString));

        var list = (await GetJsonAsync($"{TemporalEntities}?id={ids}&q=speed%3E110&options=aggregatedValues&aggrMethods=totalCount&attrs=speed")).AsArray();

        var entity = Assert.Single(list)!;
        Assert.Equal(fast, entity["id"]!.GetValue<string>());
        Assert.Equal(5, entity["speed"]!["totalCount"]![0]![0]!.GetValue<double>());
    }

    // ---- modification and deletion ----------------------------------------------------------------------------

    [Fact]
    public async Task Append_adds_instances_and_answers_404_without_an_entity()
    {
        var id = await CreateAsync("2020-08-vehicle-temporal-representation.jsonld");
        var fragment = """{"fuelLevel": [{"type": "Property", "value": 30, "observedAt": "2020-08-01T15:00:00Z"}, {"type": "Property", "value": 60, "observedAt": "2020-08-01T12:30:00Z"}]}""";

        var response = await SendAsync(HttpMethod.Post, $"{TemporalUrl(id)}/attrs", fragment);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var fuel = (await TemporalAsync(id, "attrs=fuelLevel"))["fuelLevel"]!.AsArray();
        Assert.Equal([67.0, 60, 53, 40, 30], fuel.Select(i => i!["value"]!.GetValue<double>()));
        var missing = await SendAsync(HttpMethod.Post, $"{TemporalUrl(NewVehicleId())}/attrs", fragment);
        await Ngsi.AssertProblemAsync(missing, HttpStatusCode.NotFound, "ResourceNotFound");
        var empty = await SendAsync(HttpMethod.Post, $"{TemporalUrl(id)}/attrs", "{}");
        await Ngsi.AssertProblemAsync(empty, HttpStatusCode.BadRequest, "BadRequestData", "(body)");
    }

    [Fact]
    public async Task An_instance_is_modified_and_deleted_by_its_instanceId()
    {
        var id = await CreateAsync("2020-08-vehicle-temporal-representation.jsonld");
        var speed = (await TemporalAsync(id, "attrs=speed"))["speed"]!.AsArray();
        var middle = speed[1]!["instanceId"]!.GetValue<string>();
        var newest = speed[2]!["instanceId"]!.GetValue<string>();
        var attr = $"{TemporalUrl(id)}/attrs/speed";

        var patch = await SendAsync(HttpMethod.Patch, $"{attr}/{Uri.EscapeDataString(middle)}", """{"speed": {"type": "Property", "value": 85, "unitCode": "KMH"}}""");
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        var delete = await SendAsync(HttpMethod.Delete, $"{attr}/{Uri.EscapeDataString(newest)}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        var after = (await TemporalAsync(id, "attrs=speed"))["speed"]!.AsArray();
        Assert.Equal([120.0, 85], after.Select(i => i!["value"]!.GetValue<double>()));
        Assert.Equal("KMH", after[1]!["unitCode"]!.GetValue<string>());
        // The newest remaining instance is the current value now.
        var current = (await GetJsonAsync(Ngsi.EntityUrl(id)))["speed"]!;
        Assert.Equal((85.0, "2020-08-01T12:05:00Z"), (current["value"]!.GetValue<double>(), current["observedAt"]!.GetValue<string>()));

        await Ngsi.AssertProblemAsync(await SendAsync(HttpMethod.Delete, $"{attr}/{Uri.EscapeDataString(newest)}"), HttpStatusCode.NotFound, "ResourceNotFound");
        await Ngsi.AssertProblemAsync(await SendAsync(HttpMethod.Delete, $"{attr}/not-an-instance"), HttpStatusCode.BadRequest, "BadRequestData", "instanceId");
        var moved = await SendAsync(HttpMethod.Patch, $"{attr}/{Uri.EscapeDataString(middle)}", """{"speed": {"type": "Property", "value": 1, "observedAt": "2020-08-01T00:00:00Z"}}""");
        await Ngsi.AssertProblemAsync(moved, HttpStatusCode.BadRequest, "BadRequestData", "speed.observedAt");
    }

    [Fact]
    public async Task Deleting_an_attribute_and_the_entity_deletes_their_history()
    {
        var id = await CreateAsync("2020-08-vehicle-temporal-representation.jsonld");

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"{TemporalUrl(id)}/attrs/speed")).StatusCode);
        var entity = await TemporalAsync(id);
        Assert.Null(entity["speed"]);
        Assert.NotNull(entity["fuelLevel"]);
        await Ngsi.AssertProblemAsync(await SendAsync(HttpMethod.Delete, $"{TemporalUrl(id)}/attrs/speed"), HttpStatusCode.NotFound, "ResourceNotFound");
        await Ngsi.AssertProblemAsync(await SendAsync(HttpMethod.Delete, $"{TemporalUrl(id)}/attrs/fuelLevel?datasetId=urn:x"), HttpStatusCode.NotFound, "ResourceNotFound");

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, TemporalUrl(id))).StatusCode);
        await Ngsi.AssertProblemAsync(await SendAsync(HttpMethod.Get, TemporalUrl(id)), HttpStatusCode.NotFound, "ResourceNotFound");
        await Ngsi.AssertProblemAsync(await SendAsync(HttpMethod.Delete, TemporalUrl(id)), HttpStatusCode.NotFound, "ResourceNotFound");
    }
}

/// <summary>The temporal API on the memory store.</summary>
public sealed class MemoryTemporalApiTests(SuiteTwinFactory factory) : TemporalApiContract(factory.CreateClient()), IClassFixture<SuiteTwinFactory>;

/// <summary>The temporal API on PostgreSQL.</summary>
public sealed class PostgresTemporalApiTests(SuitePostgresTwinFactory factory) : TemporalApiContract(factory.CreateClient()), IClassFixture<SuitePostgresTwinFactory>;
