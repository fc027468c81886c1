using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>
/// Ambulance dispatch end to end in one all-in-one Jinan: an operator's call goes into the twin, health plans it on
/// the transport service's live routes and proposes it, governance measures the distance and, within the policy's
/// guardrail, dispatches it itself; the ambulance and the call change in the twin and the audit records each step.
/// Also who may take calls, and bad calls refused naming the field.
/// </summary>
public sealed class HealthDispatchTests : IAsyncLifetime
{
    private AllInOneJinan _city = null!;
    private HttpClient _operator => _city.Operator;
    private HttpClient _viewer => _city.Viewer;
    private HttpClient _anonymous => _city.Anonymous;

    public async Task InitializeAsync() => _city = await AllInOneJinan.StartAsync(new Dictionary<string, string?>
    {
        ["CityMesh:Governance:Policies:health.ambulance-dispatch:Autonomy"] = "ActWithinGuardrails",
        ["CityMesh:Governance:Policies:health.ambulance-dispatch:Limits:dispatchDistanceMetres"] = "5000",
    });

    public async Task DisposeAsync() => await _city.DisposeAsync();

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>Quancheng Square, the grid's origin.</summary>
    private const string Call = """{"location": {"lat": 36.6612, "lon": 117.0201}, "priority": "immediate", "bedType": "icu"}""";

    [Fact]
    public async Task A_call_is_answered_by_the_nearest_crew_dispatched_within_guardrails_and_audited()
    {
        await UntilAsync(async () => (await _viewer.GetAsync("health/capacity")).StatusCode == HttpStatusCode.OK, "health reads the twin");
        await UntilAsync(async () => (await _viewer.PostAsync("transport/routes", Json("""
            {"from": {"intersection": "urn:ngsi-ld:Intersection:jinan:intersection_1_1"}, "to": {"intersection": "urn:ngsi-ld:Intersection:jinan:intersection_2_2"}, "vehicle": "emergency"}
            """))).StatusCode == HttpStatusCode.OK, "transport routes");

        using var taken = await _operator.PostAsync("health/calls", Json(Call));
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        var call = (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.StartsWith("urn:ngsi-ld:EmergencyCall:jinan:", call);

        // Governance measured it, found it within 5 km and dispatched it: the call and its crew change in the twin.
        JsonElement held = default;
        await UntilAsync(async () =>
        {
            held = await _viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(call)}?options=keyValues");
            return held.GetProperty("status").GetString() == "dispatched";
        }, "the call dispatched", async () => $"calls: {await _viewer.GetStringAsync("health/calls")}; ambulances: {await _viewer.GetStringAsync("health/ambulances")}; actions: {await _viewer.GetStringAsync("governance/actions")}");
        var ambulance = held.GetProperty("refVehicle").GetString()!;
        var hospital = held.GetProperty("refHospital").GetString()!;
        var crew = await _viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(ambulance)}?options=keyValues");
        Assert.Equal("dispatched", crew.GetProperty("emergencyStatus").GetString());
        Assert.Equal(call, crew.GetProperty("refEmergencyCall").GetString());
        Assert.Equal(hospital, crew.GetProperty("refHospital").GetString());

        var actions = await _viewer.GetFromJsonAsync<JsonElement>("governance/actions?type=health.ambulance-dispatch");
        var action = actions.EnumerateArray().Single(a => a.GetProperty("proposal").GetProperty("target").GetString() == ambulance);
        Assert.Equal("executed", action.GetProperty("status").GetString());
        var evidence = action.GetProperty("proposal").GetProperty("evidence");
        Assert.Equal(call, evidence.GetProperty("call").GetString());
        Assert.True(evidence.GetProperty("responseEtaSeconds").GetDouble() > 0);
        // Every crew routed had a real route; the one sent was the fastest of them.
        var routed = evidence.GetProperty("ambulances").EnumerateArray().Where(a => a.GetProperty("etaSeconds").ValueKind == JsonValueKind.Number).ToArray();
        Assert.NotEmpty(routed);
        Assert.Equal(ambulance, routed.MinBy(a => a.GetProperty("etaSeconds").GetDouble()).GetProperty("ambulance").GetString());
        var history = (await _viewer.GetFromJsonAsync<JsonElement>($"governance/actions/{action.GetProperty("proposal").GetProperty("id").GetString()}")).GetProperty("history");
        Assert.Contains(history.EnumerateArray(), step => step.GetProperty("reason").GetString()?.Contains("within guardrails: dispatchDistanceMetres") == true);

        var audit = await _operator.GetFromJsonAsync<JsonElement>("governance/audit?limit=1000");
        Assert.Contains("action.executed", audit.GetRawText());
        // Health's own view follows the twin a moment later: the call with its crew, the crew dispatched.
        await UntilAsync(async () => (await _viewer.GetFromJsonAsync<JsonElement>("health/calls")).EnumerateArray()
            .Any(c => c.GetProperty("id").GetString() == call && c.GetProperty("ambulance").GetString() == ambulance && c.GetProperty("status").GetString() == "dispatched"),
            "health's view of the dispatched call");
        var fleet = await _viewer.GetFromJsonAsync<JsonElement>("health/ambulances");
        var sent = fleet.GetProperty("ambulances").EnumerateArray().Single(a => a.GetProperty("id").GetString() == ambulance);
        Assert.Equal(("dispatched", call), (sent.GetProperty("status").GetString(), sent.GetProperty("call").GetString()));
        Assert.Single(fleet.GetProperty("ambulances").EnumerateArray(), a => a.GetProperty("status").GetString() == "dispatched");
    }

    [Fact]
    public async Task Only_operators_take_calls_and_a_bad_call_is_refused_naming_the_field()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.PostAsync("health/calls", Json(Call))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _viewer.PostAsync("health/calls", Json(Call))).StatusCode);
        foreach (var read in new[] { "health/calls", "health/capacity", "health/ambulances" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.GetAsync(read)).StatusCode);

        foreach (var (body, field) in new[]
        {
            ("""{"priority": "urgent"}""", "location"),
            ("""{"location": {"lat": 95, "lon": 117}}""", "location.lat"),
            ("""{"location": {"lat": 36.66, "lon": 117.02}, "priority": "soon"}""", "priority"),
            ("""{"location": {"lat": 36.66, "lon": 117.02}, "bedType": "maternity"}""", "bedType"),
            ("""{"location": {"lat": "north", "lon": 117.02}}""", "location.lat"),
        })
        {
            using var refused = await _operator.PostAsync("health/calls", Json(body));
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{body}: {refused.StatusCode}");
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.StartsWith(field + ":", problem.GetProperty("detail").GetString());
        }
        // Nothing refused reached the twin (asked in the twin's own terms, naming its context).
        using var query = new HttpRequestMessage(HttpMethod.Get, "ngsi-ld/v1/entities?type=EmergencyCall&limit=100");
        query.Headers.TryAddWithoutValidation("Link", $"<{_viewer.BaseAddress}ngsi-ld/v1/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        using var answer = await _viewer.SendAsync(query);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(0, (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    /// <param name="state">What to say about the system when it times out.</param>
    private static Task UntilAsync(Func<Task<bool>> done, string what, Func<Task<string>>? state = null) => AllInOneJinan.UntilAsync(done, what, state);
}
