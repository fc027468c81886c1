using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CityMesh.Twin.Tests.Subscriptions;

/// <summary>The subscription API itself: create, read, list, update, delete, and the errors, each naming its field.</summary>
public abstract partial class SubscriptionContract
{
    private const string Base = "/ngsi-ld/v1/subscriptions";

    private static string Path(string id) => $"{Base}/{Uri.EscapeDataString(id)}";

    [Fact]
    public async Task A_created_subscription_reads_back_as_written_with_its_status()
    {
        var id = await Host.SubscribeAsync($$$"""
            {"id": "urn:ngsi-ld:Subscription:crud-1", "type": "Subscription", "subscriptionName": "air", "description": "NO2 above 50",
             "entities": [{"type": "AirQualityObserved", "idPattern": "^urn:ngsi-ld:AirQualityObserved:.*"}],
             "watchedAttributes": ["no2"], "q": "no2>50", "throttling": 5, "expiresAt": "2099-01-01T00:00:00Z",
             "geoQ": {"georel": "within", "geometry": "Polygon", "coordinates": [[[117,36],[118,36],[118,37],[117,37],[117,36]]]},
             "notification": {"attributes": ["no2"], "format": "keyValues",
               "endpoint": {"uri": "{{{Receiver.Url()}}}", "accept": "application/json",
                 "receiverInfo": [{"key": "X-Token", "value": "t"}], "notifierInfo": [{"key": "MQTT-QoS", "value": "1"}]} } }
            """);
        Assert.Equal("urn:ngsi-ld:Subscription:crud-1", id);

        var s = await Host.GetSubscriptionAsync(id);
        Assert.Equal("Subscription", s.GetProperty("type").GetString());
        Assert.Equal("air", s.GetProperty("subscriptionName").GetString());
        Assert.Equal("NO2 above 50", s.GetProperty("description").GetString());
        Assert.Equal("^urn:ngsi-ld:AirQualityObserved:.*", s.GetProperty("entities")[0].GetProperty("idPattern").GetString());
        Assert.Equal("AirQualityObserved", s.GetProperty("entities")[0].GetProperty("type").GetString());
        Assert.Equal(["no2"], s.GetProperty("watchedAttributes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("no2>50", s.GetProperty("q").GetString());
        Assert.Equal(5, s.GetProperty("throttling").GetDouble());
        Assert.Equal("2099-01-01T00:00:00Z", s.GetProperty("expiresAt").GetString());
        Assert.Equal("within", s.GetProperty("geoQ").GetProperty("georel").GetString());
        Assert.Equal(5, s.GetProperty("geoQ").GetProperty("coordinates")[0].GetArrayLength());
        Assert.True(s.GetProperty("isActive").GetBoolean());
        Assert.Equal("active", s.GetProperty("status").GetString());
        var n = s.GetProperty("notification");
        Assert.Equal("keyValues", n.GetProperty("format").GetString());
        Assert.Equal(Receiver.Url().ToString(), n.GetProperty("endpoint").GetProperty("uri").GetString());
        Assert.Equal("X-Token", n.GetProperty("endpoint").GetProperty("receiverInfo")[0].GetProperty("key").GetString());
        Assert.Equal("1", n.GetProperty("endpoint").GetProperty("notifierInfo")[0].GetProperty("value").GetString());
        Assert.Equal(0, n.GetProperty("timesSent").GetInt64());
        Assert.False(n.TryGetProperty("lastNotification", out _));
        Assert.EndsWith("/ngsi-ld/v1/context.jsonld", s.GetProperty("jsonldContext").GetString());
    }

    [Fact]
    public async Task Subscriptions_list_in_id_order_in_pages_with_a_count()
    {
        foreach (var i in new[] { 3, 1, 2 })
            await Host.SubscribeAsync(Subscription($$"""
                "id": "urn:ngsi-ld:Subscription:list-{{i}}", "entities": [{"type": "AirQualityObserved"}]
                """));

        using var response = await Host.Http.GetAsync($"{Base}?limit=2&offset=1&count=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", response.Headers.GetValues("NGSILD-Results-Count").Single());
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["urn:ngsi-ld:Subscription:list-2", "urn:ngsi-ld:Subscription:list-3"], page.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Patch_replaces_the_members_sent_and_keeps_the_rest()
    {
        var id = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}], "watchedAttributes": ["no2"], "q": "no2>1"
            """, notification: "\"format\": \"keyValues\","));

        using var patch = await Host.Http.PatchAsync(Path(id), SubscriptionTestHost.Json("""
            {"watchedAttributes": ["temperature"], "q": null, "notification": {"attributes": ["temperature"]}}
            """));
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);

        var s = await Host.GetSubscriptionAsync(id);
        Assert.Equal(["temperature"], s.GetProperty("watchedAttributes").EnumerateArray().Select(e => e.GetString()));
        Assert.False(s.TryGetProperty("q", out _));
        Assert.Equal(["temperature"], s.GetProperty("notification").GetProperty("attributes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("keyValues", s.GetProperty("notification").GetProperty("format").GetString());
        Assert.Equal(Receiver.Url().ToString(), s.GetProperty("notification").GetProperty("endpoint").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_a_taken_id_is_409()
    {
        const string missing = "urn:ngsi-ld:Subscription:missing";
        using (var get = await Host.Http.GetAsync(Path(missing))) await AssertProblemAsync(get, HttpStatusCode.NotFound, "ResourceNotFound", "id");
        using (var patch = await Host.Http.PatchAsync(Path(missing), SubscriptionTestHost.Json("""{"isActive": false}""")))
            await AssertProblemAsync(patch, HttpStatusCode.NotFound, "ResourceNotFound", "id");
        using (var delete = await Host.Http.DeleteAsync(Path(missing))) await AssertProblemAsync(delete, HttpStatusCode.NotFound, "ResourceNotFound", "id");

        var body = Subscription("""
            "id": "urn:ngsi-ld:Subscription:taken", "entities": [{"type": "AirQualityObserved"}]
            """);
        await Host.SubscribeAsync(body);
        using var again = await Host.Http.PostAsync(Base, SubscriptionTestHost.Json(body));
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "AlreadyExists", "id");
    }

    public static TheoryData<string, string, string> BadSubscriptions => new()
    {
        { """{"type": "Subscription", "entities": [{"type": "A"}]}""", "BadRequestData", "notification" },
        { """{"entities": [{"type": "A"}], "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "type" },
        { """{"type": "Subscription", "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "entities" },
        { """{"type": "Subscription", "entities": [{"id": "urn:a:b"}], "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "entities[0].type" },
        { """{"type": "Subscription", "entities": [{"type": "A", "idPattern": "(["}], "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "entities[0].idPattern" },
        { """{"type": "Subscription", "id": "not a uri", "entities": [{"type": "A"}], "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "id" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "q": "(no2==1", "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "q" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "geoQ": {"georel": "nearby", "geometry": "Point", "coordinates": [1, 2]}, "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "geoQ.georel" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "geoQ": {"georel": "within", "geometry": "Polygon", "coordinates": [1, 2]}, "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "geoQ.coordinates[0]" },
        { """{"type": "Subscription", "watchedAttributes": ["a"], "timeInterval": 10, "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "timeInterval" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "timeInterval": 10, "throttling": 5, "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "throttling" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "throttling": -1, "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "throttling" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "expiresAt": "2001-01-01T00:00:00Z", "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "expiresAt" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "isActive": "yes", "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "isActive" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "notification": {"endpoint": {}}}""", "BadRequestData", "notification.endpoint.uri" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "notification": {"endpoint": {"uri": "mqtt://broker/topic"}}}""", "BadRequestData", "notification.endpoint.uri" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "notification": {"endpoint": {"uri": "http://127.0.0.1:9/", "accept": "text/csv"}}}""", "BadRequestData", "notification.endpoint.accept" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "notification": {"format": "xml", "endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "BadRequestData", "notification.format" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "notification": {"endpoint": {"uri": "http://127.0.0.1:9/", "receiverInfo": [{"key": "Bad Header", "value": "v"}]}}}""", "BadRequestData", "notification.endpoint.receiverInfo[0].key" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "notification": {"endpoint": {"uri": "http://127.0.0.1:9/", "receiverInfo": [{"key": "Content-Type", "value": "text/plain"}]}}}""", "BadRequestData", "notification.endpoint.receiverInfo[0].key" },
        { """{"type": "Subscription", "entities": [{"type": "A"}], "temporalQ": {"timerel": "after"}, "notification": {"endpoint": {"uri": "http://127.0.0.1:9/"}}}""", "OperationNotSupported", "temporalQ" },
        { """[1, 2]""", "BadRequestData", "" },
    };

    [Theory]
    [MemberData(nameof(BadSubscriptions))]
    public async Task A_bad_subscription_is_refused_naming_the_field(string body, string problem, string field)
    {
        using var response = await Host.Http.PostAsync(Base, SubscriptionTestHost.Json(body));
        await AssertProblemAsync(response, problem == "OperationNotSupported" ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.BadRequest, problem, field);
    }

    [Fact]
    public async Task Malformed_json_is_an_invalid_request_and_anonymous_callers_may_not_subscribe()
    {
        using (var malformed = await Host.Http.PostAsync(Base, SubscriptionTestHost.Json("{\"type\": ")))
            await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "InvalidRequest", null);

        using var anonymous = new HttpClient { BaseAddress = Host.Http.BaseAddress };
        using (var post = await anonymous.PostAsync(Base, SubscriptionTestHost.Json(Subscription("""
                   "entities": [{"type": "AirQualityObserved"}]
                   """))))
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        using (var list = await anonymous.GetAsync(Base)) Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    [Fact]
    public async Task A_patch_that_breaks_a_rule_between_members_is_refused_and_changes_nothing()
    {
        var id = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}], "watchedAttributes": ["no2"]
            """));

        using var patch = await Host.Http.PatchAsync(Path(id), SubscriptionTestHost.Json("""{"timeInterval": 60}"""));
        await AssertProblemAsync(patch, HttpStatusCode.BadRequest, "BadRequestData", "timeInterval");
        Assert.False((await Host.GetSubscriptionAsync(id)).TryGetProperty("timeInterval", out _));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string? field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal("https://uri.etsi.org/ngsi-ld/errors/" + type, problem.RootElement.GetProperty("type").GetString());
        if (string.IsNullOrEmpty(field)) return;
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
    }
}
