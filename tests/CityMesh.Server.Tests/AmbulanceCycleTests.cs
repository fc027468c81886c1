using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>
/// A crew's whole call in one all-in-one Jinan with the simulated sensors running 300 times faster than the clock:
/// the call is dispatched within guardrails, the crew's terminal reports its way to the scene, to the hospital and
/// back (position and status as telemetry), and health keeps the call's status with it until it is closed.
/// </summary>
public sealed class AmbulanceCycleTests : IAsyncLifetime
{
    private AllInOneJinan _city = null!;
    private HttpClient _operator => _city.Operator;
    private HttpClient _viewer => _city.Viewer;

    public async Task InitializeAsync() => _city = await AllInOneJinan.StartAsync(new Dictionary<string, string?>
    {
        ["CityMesh:Telemetry:Enabled"] = "true",
        ["CityMesh:Telemetry:Interval"] = "00:00:00.250",
        ["CityMesh:Telemetry:TimeAcceleration"] = "300",
        ["CityMesh:Telemetry:AdmissionsHistoryDays"] = "0",
        ["CityMesh:Governance:Policies:health.ambulance-dispatch:Autonomy"] = "ActWithinGuardrails",
        ["CityMesh:Governance:Policies:health.ambulance-dispatch:Limits:dispatchDistanceMetres"] = "8000",
    });

    public async Task DisposeAsync() => await _city.DisposeAsync();

    [Fact]
    public async Task A_dispatched_crew_drives_to_the_scene_and_the_hospital_and_its_call_closes()
    {
        await UntilAsync(async () => (await _viewer.GetAsync("health/capacity")).StatusCode == HttpStatusCode.OK, "health reads the twin", 60);
        string call = "";
        await UntilAsync(async () =>
        {
            using var taken = await _operator.PostAsync("health/calls", new StringContent(
                """{"location": {"lat": 36.6612, "lon": 117.0201}, "priority": "urgent", "bedType": "general"}""", Encoding.UTF8, "application/json"));
            if (taken.StatusCode != HttpStatusCode.Created) return false;
            call = (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            return true;
        }, "the call taken", 60);

        // The statuses the call and its crew pass through, as the twin holds them, sampled until the call closes.
        var callSeen = new List<string>();
        var crewSeen = new List<string>();
        var positions = new List<(double Lon, double Lat)>();
        string? ambulance = null;
        await UntilAsync(async () =>
        {
            var held = await _viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(call)}?options=keyValues");
            Note(callSeen, held.GetProperty("status").GetString()!);
            if (ambulance is null && held.TryGetProperty("refVehicle", out var vehicle)) ambulance = vehicle.GetString();
            if (ambulance is not null)
            {
                var crew = await _viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(ambulance)}?options=keyValues");
                Note(crewSeen, crew.GetProperty("emergencyStatus").GetString()!);
                var at = crew.GetProperty("location").GetProperty("coordinates");
                positions.Add((at[0].GetDouble(), at[1].GetDouble()));
            }
            return callSeen[^1] == "closed";
        }, "the call closed", 180, () => $"call {string.Join(" → ", callSeen)}; crew {string.Join(" → ", crewSeen)}");

        // The call moved forward only, through the scene or the ride (health may see either first under load), to closed.
        var order = new[] { "received", "dispatched", "atScene", "transporting", "closed" };
        Assert.Equal(callSeen.OrderBy(s => Array.IndexOf(order, s)), callSeen);
        Assert.True(callSeen.Contains("atScene") || callSeen.Contains("transporting"), string.Join(" → ", callSeen));
        Assert.Equal("closed", callSeen[^1]);
        var closed = await _viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(call)}?options=keyValues");
        Assert.True(closed.TryGetProperty("closedAt", out _));
        // It moved (the twin keeps no history of positions, so this is what the polls caught; that crews keep to the
        // roads is the sensors' tests' to show).
        Assert.True(positions.Distinct().Count() >= 2, $"{positions.Distinct().Count()} distinct positions");

        // The crew's terminal reported every stage, in order: the twin keeps each reading (its temporal API), so this
        // does not depend on sampling it at the right moment.
        using var history = new HttpRequestMessage(HttpMethod.Get, $"ngsi-ld/v1/temporal/entities/{Uri.EscapeDataString(ambulance!)}?attrs=emergencyStatus");
        history.Headers.TryAddWithoutValidation("Link", $"<{_viewer.BaseAddress}ngsi-ld/v1/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        using var answer = await _viewer.SendAsync(history);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var reported = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("emergencyStatus").EnumerateArray()
            .Select(i => i.GetProperty("value").GetString()!).Aggregate(new List<string>(), (seen, status) => { Note(seen, status); return seen; });
        var stages = new[] { "atScene", "transporting", "atHospital" };
        Assert.True(stages.All(reported.Contains), $"reported: {string.Join(" → ", reported)}");
        Assert.Equal(stages, reported.Where(stages.Contains).Distinct());
    }

    private static void Note(List<string> seen, string status)
    {
        if (seen.Count == 0 || seen[^1] != status) seen.Add(status);
    }

    private static async Task UntilAsync(Func<Task<bool>> done, string what, int seconds, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await done()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"timed out waiting for {what}{(state is null ? "" : ": " + state())}");
    }
}
