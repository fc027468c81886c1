using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>
/// The live flood response end to end in one all-in-one Jinan: an operator starts a storm drill, the simulated flood
/// gauges rise over their alert lines, safety forecasts the flood on the city's generated valley and proposes road
/// closures (and evacuations where homes flood) to governance with the forecast as evidence; the operator approves the
/// closures, the roads are closed in the twin and transport's network no longer has them. Across domains, under the
/// flood's one incident: energy proposes to isolate a flooded substation and health to divert a flooded hospital.
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
        // As `citymesh up` governs it: a crew's way round closed roads runs at once. Dispatches wait for a dispatcher.
        ["CityMesh:Governance:Policies:health.ambulance-reroute:Autonomy"] = "ActWithinGuardrails",
        ["CityMesh:Governance:Policies:health.ambulance-reroute:Limits:closedRoadsOnRoute"] = "0",
    });

    public async Task DisposeAsync()
    {
        await _city.DisposeAsync();
        if (Directory.Exists(_forecasts)) Directory.Delete(_forecasts, recursive: true);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string ForecastIdOf(JsonElement proposal) => proposal.GetProperty("evidence").GetProperty("forecast").GetProperty("id").GetString()!;

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
        // So an operator's "forecast again now" has nothing to forecast from, and says so.
        using (var nothing = await _city.Operator.PostAsync("safety/forecasts", Json("{}")))
        {
            Assert.Equal(HttpStatusCode.Conflict, nothing.StatusCode);
            Assert.Contains("no flood gauge is over its alert line", await nothing.Content.ReadAsStringAsync());
        }
        var network = await viewer.GetFromJsonAsync<JsonElement>("transport/network");
        int roadsBefore = network.GetProperty("roads").GetInt32();

        // Held ten city hours (ten minutes here): the gauges stay over their lines while the forecast and its proposals run.
        using (var drill = await _city.Operator.PostAsync("sensors/drills/storm", Json("""{"peak": 1.6, "riseMinutes": 2, "holdMinutes": 600}""")))
            Assert.Equal(HttpStatusCode.Accepted, drill.StatusCode);

        // Gauges over their lines, a forecast, a closure proposal with the forecast as evidence.
        JsonElement closure = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            var actions = await viewer.GetFromJsonAsync<JsonElement>("governance/actions?type=safety.road-closure");
            if (actions.GetArrayLength() == 0) return false;
            closure = actions[0];
            return true;
        }, "a road-closure proposal", async () => $"alerts: {await viewer.GetStringAsync("safety/alerts")}; forecasts: {await viewer.GetStringAsync("safety/forecasts")}", seconds: 240);
        var alerts = await viewer.GetFromJsonAsync<JsonElement>("safety/alerts");
        Assert.NotEqual(0, alerts.GetArrayLength());
        var proposal = closure.GetProperty("proposal");
        Assert.Equal("proposed", closure.GetProperty("status").GetString());
        // The flood is one incident, opened by the first alert: the proposal names it, its timeline has it, the twin holds it.
        var incidentId = proposal.GetProperty("incident").GetString()!;
        var incident = Assert.Single((await viewer.GetFromJsonAsync<JsonElement>("safety/incidents?status=open")).EnumerateArray());
        Assert.Equal(incidentId, incident.GetProperty("id").GetString());
        Assert.Equal("flood", incident.GetProperty("kind").GetString());
        Assert.Contains(incident.GetProperty("severity").GetString(), new[] { "high", "critical" });
        var timeline = incident.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal("opened", timeline[0].GetProperty("kind").GetString());
        Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "forecast" && e.GetProperty("ref").GetString() == ForecastIdOf(proposal));
        Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "proposed" && e.GetProperty("ref").GetString() == proposal.GetProperty("id").GetString());
        Assert.Contains(proposal.GetProperty("effect")[0].GetProperty("entityId").GetString(), incident.GetProperty("affected").EnumerateArray().Select(a => a.GetString()));
        await AllInOneJinan.UntilAsync(async () =>
        {
            using var held = await viewer.GetAsync($"ngsi-ld/v1/entities/{Uri.EscapeDataString(incidentId)}?options=keyValues");
            return held.IsSuccessStatusCode && (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == "open";
        }, "the flood's Incident in the twin");
        Assert.Contains((await viewer.GetFromJsonAsync<JsonElement>($"governance/actions?incident={Uri.EscapeDataString(incidentId)}")).EnumerateArray(),
            a => a.GetProperty("id").GetString() == proposal.GetProperty("id").GetString());
        var evidence = proposal.GetProperty("evidence");
        var forecastId = evidence.GetProperty("forecast").GetProperty("id").GetString()!;

        // The chain across domains. A substation and a hospital with an emergency department are moved where this
        // forecast puts the deepest water, and an operator asks for a forecast again now (a viewer may not): the next
        // forecast floods both, energy proposes to isolate the substation and health to divert the hospital's ambulances,
        // both under the flood's incident, so the decisions on them go on its timeline.
        var deepest = (await viewer.GetFromJsonAsync<JsonElement>($"safety/forecasts/{forecastId}")).GetProperty("buildings").EnumerateArray()
            .MaxBy(b => b.GetProperty("maxDepth").GetDouble());
        var substation = (await WaterNetworkLiveTests.QueryAsync(viewer, "Substation"))[0].GetProperty("id").GetString()!;
        var hospital = (await WaterNetworkLiveTests.QueryAsync(viewer, "Hospital")).EnumerateArray()
            .First(h => h.TryGetProperty("emergencyDepartment", out var ed) && ed.GetProperty("value").GetBoolean()).GetProperty("id").GetString()!;
        var admin = _city.ClientAs("admin");
        foreach (var moved in new[] { substation, hospital })
        {
            var location = JsonSerializer.Serialize(new
            {
                location = new { type = "GeoProperty", value = new { type = "Point", coordinates = new[] { deepest.GetProperty("longitude").GetDouble(), deepest.GetProperty("latitude").GetDouble() } } },
            });
            using var patched = await admin.PatchAsync($"ngsi-ld/v1/entities/{Uri.EscapeDataString(moved)}/attrs", Json(location));
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("safety/forecasts", Json("{}"))).StatusCode);
        using (var again = await _city.Operator.PostAsync("safety/forecasts", Json("{}")))
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        JsonElement isolation = default, diversion = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            var linked = (await viewer.GetFromJsonAsync<JsonElement>($"governance/actions?incident={Uri.EscapeDataString(incidentId)}")).EnumerateArray().ToList();
            // The first forecast may already have flooded secondary substations (their isolation proposed then); the
            // forecast asked for now adds the substation, and energy plans for all the flood has reached.
            isolation = linked.FirstOrDefault(a => a.GetProperty("proposal").GetProperty("type").GetString() == "energy.flood-isolation"
                                                   && a.GetProperty("proposal").GetProperty("target").GetString() == substation);
            diversion = linked.FirstOrDefault(a => a.GetProperty("proposal").GetProperty("type").GetString() == "health.hospital-diversion");
            return isolation.ValueKind == JsonValueKind.Object && diversion.ValueKind == JsonValueKind.Object;
        }, "energy's isolation and health's diversion under the flood's incident",
            async () => $"actions: {await viewer.GetStringAsync($"governance/actions?incident={Uri.EscapeDataString(incidentId)}")}; forecasts: {await viewer.GetStringAsync("safety/forecasts")}", seconds: 120);
        Assert.Equal(substation, isolation.GetProperty("proposal").GetProperty("target").GetString());
        Assert.Contains(isolation.GetProperty("proposal").GetProperty("effect").EnumerateArray(),
            e => e.GetProperty("entityId").GetString()!.Contains(":PowerTransformer:") && !e.GetProperty("attributes").GetProperty("inService").GetProperty("value").GetBoolean());
        // Whatever no tie can pick up is said, hospitals' and shelters' buses by name.
        Assert.Equal(isolation.GetProperty("proposal").GetProperty("measures").GetProperty("criticalUnserved").GetDouble(),
            isolation.GetProperty("proposal").GetProperty("evidence").GetProperty("criticalBusesOff").GetArrayLength());
        Assert.Equal(hospital, diversion.GetProperty("proposal").GetProperty("target").GetString());
        Assert.NotEqual(hospital, diversion.GetProperty("proposal").GetProperty("effect")[0].GetProperty("attributes").GetProperty("divertTo").GetProperty("object").GetString());
        Assert.StartsWith("flood-diversion-", diversion.GetProperty("proposal").GetProperty("id").GetString());
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

        // A call beside the flood, planned before the closures: from a street that stays open, whose fastest way to an
        // emergency department runs along a street about to close. The dispatch waits for a dispatcher.
        var closing = roads.Select(r => r.GetProperty("id").GetString()!).ToHashSet();
        var middle = await SceneWhoseWayToHospitalCrossesAsync(viewer, closing);
        string callId;
        using (var taken = await _city.Operator.PostAsync("health/calls", Json(JsonSerializer.Serialize(new
               { location = new { lat = middle.Latitude, lon = middle.Longitude }, priority = "immediate", description = "a fall beside the flooded street" }))))
        {
            Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
            callId = (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        JsonElement dispatch = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            dispatch = (await viewer.GetFromJsonAsync<JsonElement>("governance/actions?type=health.ambulance-dispatch&status=proposed")).EnumerateArray()
                .FirstOrDefault(a => a.GetProperty("proposal").GetProperty("evidence").GetProperty("call").GetString() == callId);
            return dispatch.ValueKind == JsonValueKind.Object;
        }, "the call's dispatch proposed", async () => await viewer.GetStringAsync("governance/actions?type=health.ambulance-dispatch"));
        var crew = dispatch.GetProperty("proposal").GetProperty("target").GetString()!;
        Assert.Contains(dispatch.GetProperty("proposal").GetProperty("evidence").GetProperty("hospitalRoute").EnumerateArray(), r => closing.Contains(r.GetString()!));

        // Approved, every road is closed in the twin, and transport's network loses them.
        using (var approved = await _city.Operator.PostAsync($"governance/actions/{proposal.GetProperty("id").GetString()}/approve", Json("""{"reason": "drill"}""")))
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        // The decision is on the incident's timeline, by the operator who made it.
        await AllInOneJinan.UntilAsync(async () =>
            (await viewer.GetFromJsonAsync<JsonElement>($"safety/incidents/{Uri.EscapeDataString(incidentId)}")).GetProperty("timeline").EnumerateArray()
                .Any(e => e.GetProperty("kind").GetString() == "approved" && e.GetProperty("ref").GetString() == proposal.GetProperty("id").GetString()
                    && e.GetProperty("text").GetString()!.Contains("drill")),
            "the approval on the incident's timeline", async () => await viewer.GetStringAsync($"safety/incidents/{Uri.EscapeDataString(incidentId)}"));
        foreach (var road in roads)
        {
            var id = road.GetProperty("id").GetString()!;
            var held = await viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}?options=keyValues");
            Assert.Equal("closed", held.GetProperty("status").GetString());
            Assert.Equal(incidentId, held.GetProperty("refIncident").GetString());
        }
        await AllInOneJinan.UntilAsync(async () =>
            (await viewer.GetFromJsonAsync<JsonElement>("transport/network")).GetProperty("roads").GetInt32() == roadsBefore - roads.Count,
            $"transport's network without the {roads.Count} closed roads (of {roadsBefore})", async () => await viewer.GetStringAsync("transport/network"));

        // The dispatcher sends the crew as planned; its way to hospital now starts on a closed road. It is given a way round,
        // under the flood's incident, at once (governance finds no closed road on the new way), and the Vehicle in the
        // twin holds it: no closed road ahead, and the hospital it now goes to, the call's too.
        using (var sent = await _city.Operator.PostAsync($"governance/actions/{dispatch.GetProperty("proposal").GetProperty("id").GetString()}/approve", Json("""{"reason": "go"}""")))
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        JsonElement reroute = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            reroute = (await viewer.GetFromJsonAsync<JsonElement>($"governance/actions?type=health.ambulance-reroute&incident={Uri.EscapeDataString(incidentId)}"))
                .EnumerateArray().FirstOrDefault(a => a.GetProperty("proposal").GetProperty("target").GetString() == crew && a.GetProperty("status").GetString() == "executed");
            return reroute.ValueKind == JsonValueKind.Object;
        }, "the crew rerouted round the closed roads", async () => $"reroutes: {await viewer.GetStringAsync("governance/actions?type=health.ambulance-reroute")}; crew: {await viewer.GetStringAsync($"ngsi-ld/v1/entities/{Uri.EscapeDataString(crew)}?options=keyValues")}", seconds: 60);
        var rerouted = reroute.GetProperty("proposal");
        Assert.Contains(rerouted.GetProperty("evidence").GetProperty("closedRoads").EnumerateArray(),
            r => closing.Contains(r.GetProperty("road").GetString()!) && r.GetProperty("incident").GetString() == incidentId);
        var vehicle = await viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(crew)}?options=keyValues");
        Assert.NotEmpty(vehicle.GetProperty("hospitalRoute").EnumerateArray());
        Assert.DoesNotContain(vehicle.GetProperty("hospitalRoute").EnumerateArray(), r => closing.Contains(r.GetString()!));
        var goesTo = rerouted.GetProperty("evidence").GetProperty("after").GetProperty("hospital").GetString();
        Assert.Equal(goesTo, vehicle.GetProperty("refHospital").GetString());
        Assert.Equal(goesTo, (await viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(callId)}?options=keyValues")).GetProperty("refHospital").GetString());
        var audit = await _city.Operator.GetFromJsonAsync<JsonElement>("governance/audit?after=0&limit=1000");
        // Approved by governance itself (within its guardrail), then executed: audited like any decision.
        var steps = audit.EnumerateArray().Where(r => r.GetProperty("subject").GetString() == rerouted.GetProperty("id").GetString()).ToList();
        Assert.Equal(["action.proposed", "action.approved", "action.executed"], steps.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal("service:governance", steps[1].GetProperty("actor").GetString());

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
            Assert.Equal(incidentId, evacuation.GetProperty("proposal").GetProperty("incident").GetString());
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

    /// <summary>
    /// The middle of an open street whose fastest emergency way to an emergency department (as transport routes it now,
    /// either direction of the street to either of the hospital's) crosses one of <paramref name="closing"/>, and from
    /// which an emergency department can still be reached once they are closed (by roads joined end to start): the
    /// nearest such street to the closures, so the call is beside the flood but not in it, nor cut off by it.
    /// </summary>
    private static async Task<CityMesh.Contracts.Geo.Position> SceneWhoseWayToHospitalCrossesAsync(HttpClient viewer, HashSet<string> closing)
    {
        var streets = (await WaterNetworkLiveTests.QueryAsync(viewer, "RoadSegment")).EnumerateArray().Select(r => (
            Id: r.GetProperty("id").GetString()!,
            Start: r.GetProperty("refStartIntersection").GetProperty("object").GetString()!,
            End: r.GetProperty("refEndIntersection").GetProperty("object").GetString()!,
            Points: r.GetProperty("location").GetProperty("value").GetProperty("coordinates").EnumerateArray()
                .Select(p => new CityMesh.Contracts.Geo.Position(p[0].GetDouble(), p[1].GetDouble())).ToArray())).ToList();
        IEnumerable<string> Both(string road)
        {
            var line = streets.Single(s => s.Id == road);
            return [road, .. streets.Where(s => s.Start == line.End && s.End == line.Start).Select(s => s.Id)];
        }
        var emergency = (await WaterNetworkLiveTests.QueryAsync(viewer, "Hospital")).EnumerateArray()
            .Where(h => h.TryGetProperty("emergencyDepartment", out var ed) && ed.GetProperty("value").GetBoolean() && h.TryGetProperty("refRoadSegment", out _))
            .Select(h => h.GetProperty("refRoadSegment").GetProperty("object").GetString()!).ToList();
        // Health reaches a place on a closed street from the open streets at its ends (HealthSnapshot.OpenWays).
        IEnumerable<string> OpenWays(string road)
        {
            var open = Both(road).Where(r => !closing.Contains(r)).ToList();
            if (open.Count > 0) return open;
            var line = streets.Single(s => s.Id == road);
            return streets.Where(s => !closing.Contains(s.Id) && (s.Start == line.Start || s.Start == line.End || s.End == line.Start || s.End == line.End)).Select(s => s.Id);
        }
        bool ReachesHospitalOnceClosed(string road)
        {
            var targets = emergency.SelectMany(OpenWays).ToHashSet();
            var seen = new HashSet<string>(OpenWays(road));
            var queue = new Queue<string>(seen);
            while (queue.TryDequeue(out var at))
            {
                if (targets.Contains(at)) return true;
                var end = streets.Single(s => s.Id == at).End;
                foreach (var next in streets.Where(s => s.Start == end && !closing.Contains(s.Id)))
                    if (seen.Add(next.Id)) queue.Enqueue(next.Id);
            }
            return false;
        }
        var flood = streets.Where(s => closing.Contains(s.Id)).SelectMany(s => s.Points).ToList();
        foreach (var street in streets.Where(s => !Both(s.Id).Any(closing.Contains) && ReachesHospitalOnceClosed(s.Id))
                     .OrderBy(s => flood.Min(p => CityMesh.Contracts.Geo.GeoMath.HaversineMetres(p, s.Points[s.Points.Length / 2]))))
        {
            (double Eta, string[] Roads)? fastest = null;
            foreach (var from in Both(street.Id))
                foreach (var to in emergency.SelectMany(Both))
                {
                    using var answer = await viewer.PostAsync("transport/routes", Json(JsonSerializer.Serialize(new { from = new { road = from }, to = new { road = to }, vehicle = "emergency" })));
                    if (answer.StatusCode != HttpStatusCode.OK) continue;
                    var route = await answer.Content.ReadFromJsonAsync<JsonElement>();
                    var eta = route.GetProperty("etaSeconds").GetDouble();
                    if (fastest is null || eta < fastest.Value.Eta)
                        fastest = (eta, [.. route.GetProperty("roads").EnumerateArray().Select(r => r.GetProperty("road").GetString()!)]);
                }
            if (fastest?.Roads.Any(closing.Contains) == true) return street.Points[street.Points.Length / 2];
        }
        throw new Xunit.Sdk.XunitException($"no open street of the {streets.Count} has its fastest way to an emergency department across the {closing.Count} roads closing; "
            + $"emergency departments on {string.Join(", ", emergency)}; closing {string.Join(", ", closing.Order())}; reaching once closed: {string.Join(", ", streets.Where(s => ReachesHospitalOnceClosed(s.Id)).Select(s => s.Id))}");
    }

    [Fact]
    public async Task Only_operators_start_storm_drills_and_open_incidents_and_bad_fields_are_named()
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
    
        // An operator opens an incident by hand (a burst main reported by phone), notes it and closes it; a viewer
        // reads it but may not write; bad fields are named and change nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await _city.Viewer.PostAsync("safety/incidents", Json("""{"title": "x"}"""))).StatusCode);
        foreach (var (body, field) in new[]
        {
            ("""{"kind": "volcano", "title": "x"}""", "kind"), ("""{"title": " "}""", "title"), ("""{"title": "x", "severity": "dire"}""", "severity"),
            ("""{"title": "x", "location": {"lat": 95, "lon": 117}}""", "location.lat"), ("""{"title": "x", "affected": ["road 7"]}""", "affected[0]"),
            ("""{"title": 5}""", "title"),
        })
        {
            using var refused = await _city.Operator.PostAsync("safety/incidents", Json(body));
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{body}: {refused.StatusCode}");
            Assert.Equal(field, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
        Assert.Empty((await _city.Viewer.GetFromJsonAsync<JsonElement>("safety/incidents")).EnumerateArray());
        var main = "urn:ngsi-ld:WaterMain:jinan:wm1";
        using var opened = await _city.Operator.PostAsync("safety/incidents", Json($$"""
            {"kind": "leak", "title": "Water in the street on Jingshi Road", "severity": "high", "location": {"lat": 36.66, "lon": 117.02},
             "affected": ["{{main}}"], "description": "reported by phone"}
            """));
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var incident = await opened.Content.ReadFromJsonAsync<JsonElement>();
        var incidentId = incident.GetProperty("id").GetString()!;
        Assert.Equal($"/safety/incidents/{Uri.EscapeDataString(incidentId)}", opened.Headers.Location!.OriginalString);
        Assert.Equal("open", incident.GetProperty("status").GetString());
        Assert.Null(incident.GetProperty("cause").GetString());
        // The twin holds it at once (201 means written), with its location and what it affects.
        var heldIncident = await _city.Viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(incidentId)}");
        Assert.Equal("high", heldIncident.GetProperty("severity").GetProperty("value").GetString());
        Assert.Equal(main, heldIncident.GetProperty("refAffected").GetProperty("object").GetString());
        Assert.Equal(117.02, heldIncident.GetProperty("location").GetProperty("value").GetProperty("coordinates")[0].GetDouble(), 6);

        using (var noted = await _city.Operator.PostAsync($"safety/incidents/{Uri.EscapeDataString(incidentId)}/notes",
            Json("""{"text": "crew on site", "severity": "medium", "affected": ["urn:ngsi-ld:RoadSegment:jinan:r1"]}""")))
            Assert.Equal(HttpStatusCode.OK, noted.StatusCode);
        using (var noReason = await _city.Operator.PostAsync($"safety/incidents/{Uri.EscapeDataString(incidentId)}/close", Json("{}")))
            Assert.Equal("reason", (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        using (var closed = await _city.Operator.PostAsync($"safety/incidents/{Uri.EscapeDataString(incidentId)}/close", Json("""{"reason": "main repaired"}""")))
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        using (var again = await _city.Operator.PostAsync($"safety/incidents/{Uri.EscapeDataString(incidentId)}/close", Json("""{"reason": "twice"}""")))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using (var unknown = await _city.Operator.PostAsync("safety/incidents/urn:ngsi-ld:Incident:jinan:none/notes", Json("""{"text": "x"}""")))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var after = await _city.Viewer.GetFromJsonAsync<JsonElement>($"safety/incidents/{Uri.EscapeDataString(incidentId)}");
        Assert.Equal("closed", after.GetProperty("status").GetString());
        Assert.Equal("medium", after.GetProperty("severity").GetString());
        Assert.Equal(["opened", "severity", "closed"], after.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.All(after.GetProperty("timeline").EnumerateArray().Skip(1), e => Assert.Equal("test-operator", e.GetProperty("actor").GetString()));
        Assert.Equal([main, "urn:ngsi-ld:RoadSegment:jinan:r1"], after.GetProperty("affected").EnumerateArray().Select(a => a.GetString()));
        Assert.Empty((await _city.Viewer.GetFromJsonAsync<JsonElement>("safety/incidents?status=open")).EnumerateArray());
        Assert.Single((await _city.Viewer.GetFromJsonAsync<JsonElement>("safety/incidents?status=closed")).EnumerateArray());
        var twin = await _city.Viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(incidentId)}?options=keyValues");
        Assert.Equal("closed", twin.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _city.Anonymous.GetAsync("safety/incidents")).StatusCode);
    }
}
