using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>
/// The all-in-one Jinan's water network live: the seeded network (a junction at every intersection, the mains as
/// pipes, the works and the tower) read from the twin by safety, its hydraulics solved at the city's time of day and
/// moved on every second here, every junction's pressure and every pipe's flow written back to the twin, where a
/// viewer reads them.
/// </summary>
public sealed class WaterNetworkLiveTests : IAsyncLifetime
{
    private AllInOneJinan _city = null!;

    public async Task InitializeAsync() => _city = await AllInOneJinan.StartAsync(new Dictionary<string, string?>
    {
        ["CityMesh:Safety:WaterInterval"] = "00:00:01",
    });

    public async Task DisposeAsync() => await _city.DisposeAsync();

    [Fact]
    public async Task Safety_keeps_the_water_networks_pressures_flows_and_tank_in_the_twin()
    {
        var viewer = _city.Viewer;
        JsonElement state = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            using var response = await viewer.GetAsync("safety/water");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            state = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        }, "safety solving the water network", async () => await (await viewer.GetAsync("safety/water")).Content.ReadAsStringAsync(), seconds: 60);
        Assert.Equal("city", state.GetProperty("network").GetString());
        Assert.Equal(26, state.GetProperty("junctions").GetInt32());
        Assert.True(state.GetProperty("converged").GetBoolean());
        Assert.InRange(state.GetProperty("minPressure").GetDouble(), 20, 60);
        Assert.InRange(state.GetProperty("maxPressure").GetDouble(), 20, 61);
        Assert.True(state.GetProperty("demandLitresPerSecond").GetDouble() > 100);

        // In the twin: every junction's pressure, every pipe's flow, the tower's level, from safety.
        JsonElement junctions = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            junctions = await QueryAsync(viewer, "Junction");
            return junctions.GetArrayLength() == 26 && junctions.EnumerateArray().All(j => j.TryGetProperty("pressure", out _));
        }, "every junction's pressure in the twin", seconds: 30);
        Assert.All(junctions.EnumerateArray(), j =>
        {
            Assert.InRange(j.GetProperty("pressure").GetProperty("value").GetDouble(), 20, 61);
            Assert.Equal("MTR", j.GetProperty("pressure").GetProperty("unitCode").GetString());
        });
        var pipes = await QueryAsync(viewer, "Pipe");
        Assert.All(pipes.EnumerateArray(), p => Assert.True(p.TryGetProperty("flow", out var flow) && flow.GetProperty("value").ValueKind == JsonValueKind.Number, p.GetProperty("id").GetString()));
        // What the works sends in is what the city draws, less what the tower takes or gives.
        var trunk = pipes.EnumerateArray().Single(p => p.GetProperty("id").GetString()!.EndsWith(":city-trunk"));
        Assert.True(trunk.GetProperty("flow").GetProperty("value").GetDouble() > 0);
        var tower = (await QueryAsync(viewer, "Tank"))[0];
        Assert.InRange(tower.GetProperty("level").GetProperty("value").GetDouble(), 1, 9);

        // It moves on: a later moment is written.
        var first = junctions[0].GetProperty("pressure").GetProperty("observedAt").GetString();
        var id = junctions[0].GetProperty("id").GetString()!;
        await AllInOneJinan.UntilAsync(async () =>
        {
            var now = await viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}");
            return now.GetProperty("pressure").GetProperty("observedAt").GetString() != first;
        }, "a later moment of the hydraulics", seconds: 30);
    }

    [Fact]
    public async Task An_approved_isolation_closes_the_main_in_the_twin_and_the_hydraulics_solve_without_it()
    {
        var viewer = _city.Viewer;
        await AllInOneJinan.UntilAsync(async () => (await viewer.GetAsync("safety/water")).StatusCode == HttpStatusCode.OK, "safety solving the water network", seconds: 60);
        // A street's main (not the trunk, which alone feeds the city): what closing it does, as a viewer may ask.
        var pipe = (await QueryAsync(viewer, "Pipe")).EnumerateArray().Select(p => p.GetProperty("id").GetString()!).First(id => id.EndsWith(":city-m05"));
        var asked = await viewer.GetFromJsonAsync<JsonElement>($"safety/water/isolation?pipe={Uri.EscapeDataString(pipe)}");
        Assert.Equal("m05", asked.GetProperty("pipe").GetString());
        Assert.Contains("m05", asked.GetProperty("closed").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(20, asked.GetProperty("servicePressure").GetDouble());
        // The streets' mains make loops: the others carry its water, and nobody falls below 20 m.
        Assert.Equal(0, asked.GetProperty("affected").GetArrayLength());
        // The trunk main from the works cuts the whole city off but the tower's share: every junction affected.
        var trunk = await viewer.GetFromJsonAsync<JsonElement>("safety/water/isolation?pipe=trunk");
        Assert.True(trunk.GetProperty("affected").GetArrayLength() > 0, trunk.ToString());
        Assert.True(trunk.GetProperty("peopleAffected").GetDouble() > asked.GetProperty("peopleAffected").GetDouble());

        // Only operators propose; bad pipes are named; a pipe's status is governed, not set by hand.
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("safety/water/isolations", new { pipe = "m05" })).StatusCode);
        using (var unknown = await _city.Operator.PostAsJsonAsync("safety/water/isolations", new { pipe = "nowhere" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("pipe", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
        using (var byHand = await _city.Operator.PostAsync($"ngsi-ld/v1/entities/{Uri.EscapeDataString(pipe)}/attrs",
            Ngsi.Body("""{"status": {"type": "Property", "value": "closed"}}""")))
            Assert.Equal(HttpStatusCode.Forbidden, byHand.StatusCode);

        using var proposed = await _city.Operator.PostAsJsonAsync("safety/water/isolations", new { pipe, reason = "water in the street" });
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        var made = await proposed.Content.ReadFromJsonAsync<JsonElement>();
        var proposal = made.GetProperty("proposal").GetString()!;
        var incident = made.GetProperty("incident").GetString()!;
        Assert.Equal(asked.GetProperty("peopleAffected").GetDouble(), made.GetProperty("evidence").GetProperty("peopleAffected").GetDouble());
        JsonElement action = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            using var response = await viewer.GetAsync($"governance/actions/{Uri.EscapeDataString(proposal)}");
            if (!response.IsSuccessStatusCode) return false;
            action = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        }, "governance holding the isolation proposal");
        Assert.Equal(incident, action.GetProperty("proposal").GetProperty("incident").GetString());
        Assert.Equal("safety.pipe-isolation", action.GetProperty("proposal").GetProperty("type").GetString());
        var leak = await viewer.GetFromJsonAsync<JsonElement>($"safety/incidents/{Uri.EscapeDataString(incident)}");
        Assert.Equal(("leak", "open"), (leak.GetProperty("kind").GetString(), leak.GetProperty("status").GetString()));
        Assert.Contains(pipe, leak.GetProperty("affected").EnumerateArray().Select(a => a.GetString()));

        using (var approved = await _city.Operator.PostAsJsonAsync($"governance/actions/{Uri.EscapeDataString(proposal)}/approve", new { reason = "crew on site" }))
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var held = await viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(pipe)}?options=keyValues");
        Assert.Equal("closed", held.GetProperty("status").GetString());
        // The hydraulics read the network again: nothing flows in the closed main.
        await AllInOneJinan.UntilAsync(async () =>
        {
            var now = await viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(pipe)}?options=keyValues");
            return Math.Abs(now.GetProperty("flow").GetDouble()) < 1e-6;
        }, "no flow in the closed main", async () => await viewer.GetStringAsync($"ngsi-ld/v1/entities/{Uri.EscapeDataString(pipe)}?options=keyValues"), seconds: 30);
        await AllInOneJinan.UntilAsync(async () =>
            (await viewer.GetFromJsonAsync<JsonElement>($"safety/incidents/{Uri.EscapeDataString(incident)}")).GetProperty("timeline").EnumerateArray()
                .Any(e => e.GetProperty("kind").GetString() == "executed" && e.GetProperty("ref").GetString() == proposal),
            "the executed isolation on the leak's timeline");
    }

    [Fact]
    public async Task A_reported_leak_proposes_a_crew_to_its_candidate_pipes_and_its_isolation_joins_the_same_incident()
    {
        var viewer = _city.Viewer;
        await AllInOneJinan.UntilAsync(async () => (await viewer.GetAsync("safety/water")).StatusCode == HttpStatusCode.OK, "safety solving the water network", seconds: 60);
        foreach (var (body, status, field) in new (object, HttpStatusCode, string)[]
        {
            (new { pipes = Array.Empty<string>() }, HttpStatusCode.BadRequest, "pipes"),
            (new { pipes = new[] { "m05", "nowhere" } }, HttpStatusCode.NotFound, "pipes[1]"),
            (new { pipes = new[] { "m05", "m05" } }, HttpStatusCode.BadRequest, "pipes[1]"),
            (new { pipes = new[] { "m05" }, confidence = 1.5 }, HttpStatusCode.BadRequest, "confidence"),
        })
        {
            using var refused = await _city.Operator.PostAsJsonAsync("safety/water/leaks", body);
            Assert.True(refused.StatusCode == status, $"{JsonSerializer.Serialize(body)}: {refused.StatusCode}");
            Assert.Equal(field, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("safety/water/leaks", new { pipes = new[] { "m05" } })).StatusCode);

        using var reported = await _city.Operator.PostAsJsonAsync("safety/water/leaks", new { pipes = new[] { "m05", "m06", "m12" }, flowLitresPerSecond = 6.5, confidence = 0.97 });
        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        var made = await reported.Content.ReadFromJsonAsync<JsonElement>();
        var stops = made.GetProperty("evidence").GetProperty("stops").EnumerateArray().ToList();
        Assert.Equal(["urn:ngsi-ld:Pipe:jinan:city-m05", "urn:ngsi-ld:Pipe:jinan:city-m06", "urn:ngsi-ld:Pipe:jinan:city-m12"], stops.Select(x => x.GetProperty("pipe").GetString()));
        Assert.Equal(0, stops[0].GetProperty("fromFirstMetres").GetDouble());
        Assert.All(stops.Skip(1), x => Assert.True(x.GetProperty("fromFirstMetres").GetDouble() > 0));
        Assert.All(stops, x => Assert.True(x.GetProperty("lengthMetres").GetDouble() > 0 && x.GetProperty("longitude").ValueKind == JsonValueKind.Number));
        var incident = made.GetProperty("incident").GetString()!;
        var leak = await viewer.GetFromJsonAsync<JsonElement>($"safety/incidents/{Uri.EscapeDataString(incident)}");
        Assert.Equal(("leak", "high"), (leak.GetProperty("kind").GetString(), leak.GetProperty("severity").GetString()));
        Assert.Equal(3, leak.GetProperty("affected").GetArrayLength());
        Assert.Contains("0.97", leak.GetProperty("timeline")[0].GetProperty("text").GetString());
        await AllInOneJinan.UntilAsync(async () => (await viewer.GetAsync($"governance/actions/{Uri.EscapeDataString(made.GetProperty("proposal").GetString()!)}")).IsSuccessStatusCode,
            "governance holding the crew proposal");

        // The crew finds it on the first pipe: its isolation is proposed under the same incident.
        using var isolate = await _city.Operator.PostAsJsonAsync("safety/water/isolations", new { pipe = "m05", reason = "found by the crew" });
        Assert.Equal(incident, (await isolate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incident").GetString());
        var actions = await viewer.GetFromJsonAsync<JsonElement>($"governance/actions?incident={Uri.EscapeDataString(incident)}");
        await AllInOneJinan.UntilAsync(async () =>
            (await viewer.GetFromJsonAsync<JsonElement>($"governance/actions?incident={Uri.EscapeDataString(incident)}")).GetArrayLength() == 2, "both proposals under the incident");
    }

    /// <summary>Entities of a type named in CityMesh's context (the water network's types are CityMesh's terms), 100 at most.</summary>
    internal static async Task<JsonElement> QueryAsync(HttpClient client, string type)
    {
        using var query = new HttpRequestMessage(HttpMethod.Get, $"ngsi-ld/v1/entities?type={type}&limit=100");
        query.Headers.TryAddWithoutValidation("Link", $"<{client.BaseAddress}ngsi-ld/v1/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        using var response = await client.SendAsync(query);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
