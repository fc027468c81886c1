using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>
/// The live flood response end to end in one all-in-one Jinan: an operator starts a storm drill, the simulated flood
/// gauges rise over their alert lines, safety forecasts the flood on the city's generated valley and proposes road
/// closures (and evacuations where homes flood) to governance with the forecast as evidence; the operator approves the
/// closures, the roads are closed in the twin and transport's network no longer has them.
/// </summary>
public sealed class SafetyFloodResponseTests : IAsyncLifetime
{
    private AllInOneJinan _city = null!;
    private readonly string _forecasts = Path.Combine(Path.GetTempPath(), "citymesh-safety-test-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync() => _city = await AllInOneJinan.StartAsync(new Dictionary<string, string?>
    {
        ["CityMesh:Telemetry:Enabled"] = "true",
        ["CityMesh:Telemetry:Interval"] = "00:00:00.250",
        // A city minute a second: the drill's storm rises over two city minutes.
        ["CityMesh:Telemetry:TimeAcceleration"] = "60",
        ["CityMesh:Telemetry:AdmissionsHistoryDays"] = "0",
        ["CityMesh:Safety:ForecastHours"] = "1",
        ["CityMesh:Safety:ForecastDirectory"] = _forecasts,
        ["CityMesh:Transport:ResyncDelay"] = "00:00:00.200",
    });

    public async Task DisposeAsync()
    {
        await _city.DisposeAsync();
        if (Directory.Exists(_forecasts)) Directory.Delete(_forecasts, recursive: true);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_storm_drill_raises_the_gauges_and_the_approved_closures_close_the_roads_in_the_twin_and_for_transport()
    {
        var viewer = _city.Viewer;
        JsonElement gauges = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            using var response = await viewer.GetAsync("safety/gauges");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            gauges = await response.Content.ReadFromJsonAsync<JsonElement>();
            return gauges.GetArrayLength() > 0 && gauges.EnumerateArray().All(g => g.GetProperty("level").ValueKind == JsonValueKind.Number);
        }, "safety reading every gauge's level", seconds: 60);
        // The city has its ground: the seeded valley over its buildings, drawn.
        var terrain = await viewer.GetFromJsonAsync<JsonElement>("safety/terrain");
        Assert.StartsWith("a generated river valley", terrain.GetProperty("description").GetString());
        Assert.True(terrain.GetProperty("wallCells").GetInt32() > 0);
        Assert.True(terrain.GetProperty("maxElevation").GetDouble() > terrain.GetProperty("minElevation").GetDouble());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await viewer.GetByteArrayAsync("safety/terrain.png"))[..4]);
        // Before the drill no gauge stands over its line (the seeded weather is dry at the start).
        Assert.All(gauges.EnumerateArray(), g => Assert.True(g.GetProperty("level").GetDouble() < g.GetProperty("alertLevel").GetDouble(), g.ToString()));
        var network = await viewer.GetFromJsonAsync<JsonElement>("transport/network");
        int roadsBefore = network.GetProperty("roads").GetInt32();

        using (var drill = await _city.Operator.PostAsync("sensors/drills/storm", Json("""{"peak": 1.6, "riseMinutes": 2, "holdMinutes": 180}""")))
            Assert.Equal(HttpStatusCode.Accepted, drill.StatusCode);

        // Gauges over their lines, a forecast, a closure proposal with the forecast as evidence.
        JsonElement closure = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            var actions = await viewer.GetFromJsonAsync<JsonElement>("governance/actions?type=safety.road-closure");
            if (actions.GetArrayLength() == 0) return false;
            closure = actions[0];
            return true;
        }, "a road-closure proposal", async () => $"alerts: {await viewer.GetStringAsync("safety/alerts")}; forecasts: {await viewer.GetStringAsync("safety/forecasts")}", seconds: 120);
        var alerts = await viewer.GetFromJsonAsync<JsonElement>("safety/alerts");
        Assert.NotEqual(0, alerts.GetArrayLength());
        var proposal = closure.GetProperty("proposal");
        Assert.Equal("proposed", closure.GetProperty("status").GetString());
        var evidence = proposal.GetProperty("evidence");
        var forecastId = evidence.GetProperty("forecast").GetProperty("id").GetString()!;
        var roads = evidence.GetProperty("roads").EnumerateArray().ToList();
        Assert.NotEmpty(roads);
        Assert.All(roads, r => Assert.True(r.GetProperty("maxDepth").GetDouble() > 0.3, r.ToString()));
        Assert.Equal(roads.Count, proposal.GetProperty("effect").GetArrayLength());
        Assert.All(proposal.GetProperty("effect").EnumerateArray(), p => Assert.Equal("closed", p.GetProperty("attributes").GetProperty("status").GetProperty("value").GetString()));
        // The inflow came from the alerting gauge's rating: above bankfull, as the gauge is above its alert line.
        Assert.All(evidence.GetProperty("forecast").GetProperty("hydrograph").EnumerateArray(), p => Assert.True(p.GetProperty("cubicMetresPerSecond").GetDouble() >= 500));
        // The rain came from the twin's rain gauges: the drill's, still rising when the first gauge passed its alert line
        // (a gauge does at about half the drill's scale, 12 mm/h; its 1.6 peak is 40 mm/h, +10 % at most at a gauge).
        // The seeded barriers and pumps, stowed and on standby, were tried in the forecast's all-defences variant.
        var forecastEvidence = evidence.GetProperty("forecast");
        Assert.InRange(forecastEvidence.GetProperty("rainMillimetresPerHour").GetDouble(), 10, 1.6 * 25 * 1.1);
        Assert.Empty(forecastEvidence.GetProperty("defencesInPlace").EnumerateArray());
        Assert.True(forecastEvidence.GetProperty("withAllDefences").GetProperty("roadsCut").GetDouble() >= 0);
        Assert.Contains("with every flood barrier deployed and pump started", proposal.GetProperty("summary").GetString());
        // Deploying them is proposed exactly when the forecast says they keep roads open or people dry.
        var kpis = forecastEvidence.GetProperty("kpis");
        var withAll = forecastEvidence.GetProperty("withAllDefences");
        bool saves = withAll.GetProperty("roadsCut").GetDouble() < kpis.GetProperty("roadsCut").GetDouble()
            || withAll.GetProperty("peopleAffected").GetDouble() < kpis.GetProperty("peopleAffected").GetDouble();
        var defences = (await viewer.GetFromJsonAsync<JsonElement>("governance/actions?type=safety.flood-defences")).EnumerateArray()
            .Where(a => a.GetProperty("proposal").GetProperty("evidence").GetProperty("forecast").GetProperty("id").GetString() == forecastId).ToList();
        Assert.Equal(saves ? 1 : 0, defences.Count);
        if (saves)
            Assert.All(defences[0].GetProperty("proposal").GetProperty("effect").EnumerateArray(), e =>
                Assert.Contains(e.GetProperty("attributes").GetProperty("status").GetProperty("value").GetString(), new[] { "deployed", "running" }));

        // The forecast, its depth map and its report are served to viewers, not to strangers.
        var forecasts = await viewer.GetFromJsonAsync<JsonElement>("safety/forecasts");
        var listed = forecasts.GetProperty("forecasts").EnumerateArray().Single(f => f.GetProperty("id").GetString() == forecastId);
        Assert.Equal(roads.Count, listed.GetProperty("roadsCut").GetInt32());
        var png = await viewer.GetByteArrayAsync($"safety/forecasts/{forecastId}/map.png");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Contains("<html", await viewer.GetStringAsync($"safety/forecasts/{forecastId}/report.html"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _city.Anonymous.GetAsync($"safety/forecasts/{forecastId}/map.png")).StatusCode);

        // Approved, every road is closed in the twin, and transport's network loses them.
        using (var approved = await _city.Operator.PostAsync($"governance/actions/{proposal.GetProperty("id").GetString()}/approve", Json("""{"reason": "drill"}""")))
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        foreach (var road in roads)
        {
            var id = road.GetProperty("id").GetString()!;
            var held = await viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}?options=keyValues");
            Assert.Equal("closed", held.GetProperty("status").GetString());
        }
        await AllInOneJinan.UntilAsync(async () =>
            (await viewer.GetFromJsonAsync<JsonElement>("transport/network")).GetProperty("roads").GetInt32() == roadsBefore - roads.Count,
            $"transport's network without the {roads.Count} closed roads (of {roadsBefore})", async () => await viewer.GetStringAsync("transport/network"));

        // The evacuations follow once their simulation has run: every zone's proposal carries the simulated walk of the
        // whole flooded area to the shelters, and its report is served.
        List<JsonElement> evacuations = [];
        await AllInOneJinan.UntilAsync(async () =>
        {
            evacuations = [.. (await viewer.GetFromJsonAsync<JsonElement>("governance/actions?type=safety.evacuation")).EnumerateArray()
                .Where(a => a.GetProperty("proposal").GetProperty("evidence").GetProperty("forecast").GetProperty("id").GetString() == forecastId)];
            return evacuations.Count > 0;
        }, "the forecast's evacuation proposals", async () => await viewer.GetStringAsync("safety/forecasts"), seconds: 240);
        var people = forecastEvidence.GetProperty("kpis").GetProperty("peopleAffected").GetDouble();
        foreach (var evacuation in evacuations)
        {
            var simulated = evacuation.GetProperty("proposal").GetProperty("evidence").GetProperty("evacuation");
            var walk = simulated.GetProperty("kpis");
            // The forecast's flooded homes are the evacuation's zone: the same people, by the same rule, but walking
            // people are whole, so each home's count is rounded: at most half a person apart per flooded building.
            double homes = forecastEvidence.GetProperty("kpis").GetProperty("buildingsFlooded").GetDouble();
            Assert.InRange(walk.GetProperty("peopleInZone").GetDouble(), people - homes / 2, people + homes / 2);
            Assert.True(walk.GetProperty("peopleInZone").GetDouble() > 0.9 * people, walk.ToString());
            Assert.InRange(walk.GetProperty("shareSheltered").GetDouble(), 0, 100);
            Assert.Contains("simulated, the whole flooded area", evacuation.GetProperty("proposal").GetProperty("summary").GetString());
        }
        Assert.Contains("<html", await viewer.GetStringAsync($"safety/forecasts/{forecastId}/evacuation.html"), StringComparison.OrdinalIgnoreCase);
        // The forecasts' list says it too, with the rain the forecast assumed.
        var after = (await viewer.GetFromJsonAsync<JsonElement>("safety/forecasts")).GetProperty("forecasts").EnumerateArray()
            .Single(f => f.GetProperty("id").GetString() == forecastId);
        Assert.Equal(evacuations[0].GetProperty("proposal").GetProperty("evidence").GetProperty("evacuation").GetProperty("kpis").GetProperty("shareSheltered").GetDouble(),
            after.GetProperty("shareSheltered").GetDouble());
        Assert.Equal($"/safety/forecasts/{forecastId}/evacuation.html", after.GetProperty("evacuationReportUrl").GetString());
        Assert.Equal(forecastEvidence.GetProperty("rainMillimetresPerHour").GetDouble(), after.GetProperty("rainMillimetresPerHour").GetDouble());
    }

    [Fact]
    public async Task Only_operators_start_storm_drills_and_bad_fields_are_named()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _city.Anonymous.PostAsync("sensors/drills/storm", Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _city.Viewer.PostAsync("sensors/drills/storm", Json("{}"))).StatusCode);
        foreach (var (body, field) in new[] { ("""{"peak": 9}""", "peak"), ("""{"riseMinutes": 0}""", "riseMinutes"), ("""{"holdMinutes": -1}""", "holdMinutes"), ("""{"peak": "big"}""", "peak") })
        {
            using var refused = await _city.Operator.PostAsync("sensors/drills/storm", Json(body));
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{body}: {refused.StatusCode}");
            Assert.Equal(field, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
        foreach (var read in new[] { "safety/gauges", "safety/alerts", "safety/forecasts", "safety/forecasts/flood-x/evacuation.html" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await _city.Anonymous.GetAsync(read)).StatusCode);
        // A forecast the service does not keep is a 404 that says so.
        using (var missing = await _city.Viewer.GetAsync("safety/forecasts/flood-x/evacuation.html"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("no forecast 'flood-x'", await missing.Content.ReadAsStringAsync());
        }

        // Deploying a barrier or starting a pump is a decision: no one sets its status by hand, not even an operator.
        foreach (var (id, status) in new[] { ("urn:ngsi-ld:FloodBarrier:jinan:fb1", "deployed"), ("urn:ngsi-ld:DrainagePump:jinan:dp1", "running") })
        {
            using var patched = await _city.Operator.PatchAsync($"{Ngsi.EntityUrl(id)}/attrs", Ngsi.Body($$$"""{"status": {"type": "Property", "value": "{{{status}}}"}}"""));
            var body = await patched.Content.ReadAsStringAsync();
            Assert.True(patched.StatusCode == HttpStatusCode.Forbidden, $"{id}: {patched.StatusCode} {body}");
            Assert.Contains("status", body);
            var held = await _city.Viewer.GetFromJsonAsync<JsonElement>($"{Ngsi.EntityUrl(id)}?options=keyValues");
            Assert.NotEqual(status, held.GetProperty("status").GetString());
        }
    }
}
