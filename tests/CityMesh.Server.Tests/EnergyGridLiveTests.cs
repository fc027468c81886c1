using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>
/// The grid live on the all-in-one city: the energy service solves the seeded grid from the simulated meters and writes
/// loading and voltages into the twin; a load drill overloads a feeder, the violation is raised, relief the power flow
/// shows works is proposed to governance, an operator approves it, the change lands in the twin and the overload
/// clears. Viewers see, but may neither start nor end a drill.
/// </summary>
public sealed class EnergyGridLiveTests : IAsyncLifetime
{
    private AllInOneJinan _city = null!;

    public async Task InitializeAsync() => _city = await AllInOneJinan.StartAsync(new Dictionary<string, string?>
    {
        ["CityMesh:Telemetry:Enabled"] = "true",
        ["CityMesh:Telemetry:Interval"] = "00:00:00.500",
        ["CityMesh:Telemetry:TimeAcceleration"] = "60",
        // The evening peak, whatever the hour the tests run at: the drill then needs a factor of about 2.
        ["CityMesh:Telemetry:StartTimeOfDay"] = "18:30:00",
        ["CityMesh:Telemetry:AdmissionsHistoryDays"] = "0",
        ["CityMesh:Telemetry:WaterHistoryDays"] = "0",
        ["CityMesh:Telemetry:WaterLeakHoursAgo"] = "0",
        ["CityMesh:Energy:Interval"] = "00:00:01",
    });

    public async Task DisposeAsync() => await _city.DisposeAsync();

    private async Task<JsonElement> GridAsync()
    {
        JsonElement grid = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            using var response = await _city.Viewer.GetAsync("energy/grid");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            grid = await response.Content.ReadFromJsonAsync<JsonElement>();
            // Solved from the meters' readings, not the planned peaks: a bus has reported.
            return grid.GetProperty("loadKw").GetDouble() > 0 && grid.GetProperty("metered").GetInt32() > 0;
        }, "the energy service solving the grid", async () => await (await _city.Viewer.GetAsync("energy/grid")).Content.ReadAsStringAsync(), seconds: 90);
        return grid;
    }

    [Fact]
    public async Task The_grid_is_solved_live_and_its_loading_is_in_the_twin()
    {
        var grid = await GridAsync();
        var feeders = grid.GetProperty("feederStates").EnumerateArray().ToList();
        Assert.True(feeders.Count >= 4, grid.ToString());
        Assert.All(feeders, f => Assert.True(f.GetProperty("energised").GetBoolean(), f.ToString()));
        Assert.InRange(grid.GetProperty("lowestVoltagePu").GetDouble(), 0.9, 1.05);
        Assert.Equal(0, grid.GetProperty("unservedKw").GetDouble());

        // The twin holds each feeder's loading and each bus's voltage, written by the energy service.
        JsonElement feeder = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            feeder = await _city.Viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(feeders[0].GetProperty("id").GetString()!)}");
            return feeder.TryGetProperty("loading", out _);
        }, "the feeder's loading in the twin");
        Assert.Equal("P1", feeder.GetProperty("loading").GetProperty("unitCode").GetString());
        var buses = (await WaterNetworkLiveTests.QueryAsync(_city.Viewer, "BusbarSection")).EnumerateArray().ToList();
        Assert.Contains(buses, b => b.TryGetProperty("voltage", out var v) && v.GetProperty("value").GetDouble() is > 0.9 and < 1.1);
        Assert.Contains(buses, b => b.TryGetProperty("load", out var l) && l.GetProperty("value").GetDouble() > 0);

        // Substations carry their transformers' load; a city minutes old has no forecast to look ahead with, and its meter
        // watch is learning: both say so rather than guess.
        var substations = grid.GetProperty("substationStates").EnumerateArray().ToList();
        Assert.NotEmpty(substations);
        Assert.All(substations, s => Assert.True(s.GetProperty("loadKw").GetDouble() > 0, s.ToString()));
        var forecast = await _city.Viewer.GetFromJsonAsync<JsonElement>($"energy/substations/{Uri.EscapeDataString(substations[0].GetProperty("id").GetString()!)}/forecast");
        Assert.Equal("collecting", forecast.GetProperty("status").GetString());
        using (var unknown = await _city.Viewer.GetAsync("energy/substations/nowhere/forecast"))
            Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        var outlook = await _city.Viewer.GetFromJsonAsync<JsonElement>("energy/outlook");
        Assert.Equal(JsonValueKind.Null, outlook.GetProperty("origin").ValueKind);
        Assert.Equal(0, outlook.GetProperty("forecasting").GetInt32());
        var meters = await _city.Viewer.GetFromJsonAsync<JsonElement>("energy/meters");
        Assert.StartsWith("learning", meters.GetProperty("status").GetString());
        Assert.True(meters.GetProperty("meters").GetInt32() > 100, meters.ToString());
    }

    [Fact]
    public async Task An_overloaded_feeder_is_relieved_through_governance()
    {
        var grid = await GridAsync();
        var target = grid.GetProperty("feederStates").EnumerateArray().MaxBy(f => f.GetProperty("loadingPercent").GetDouble());
        var feeder = target.GetProperty("id").GetString()!;
        // About 130 % of its rating: over it with the clear margin to spare, within what relief short of shedding a
        // whole feeder can take back.
        var factor = Math.Min(9.5, 130 / Math.Max(10, target.GetProperty("loadingPercent").GetDouble()));

        Assert.Equal(HttpStatusCode.Forbidden, (await _city.Viewer.PostAsJsonAsync("sensors/drills/load", new { target = feeder, factor })).StatusCode);
        using (var refused = await _city.Operator.PostAsJsonAsync("sensors/drills/load", new { target = "urn:ngsi-ld:Pipe:jinan:x", factor }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("target", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
        using (var drilled = await _city.Operator.PostAsJsonAsync("sensors/drills/load", new { target = feeder, factor }))
            Assert.Equal(HttpStatusCode.Accepted, drilled.StatusCode);
        // Only operators end it: a viewer is refused and the drill stays (its overload is raised below; the operator ends it last).
        Assert.Equal(HttpStatusCode.Forbidden, (await _city.Viewer.DeleteAsync("sensors/drills/load")).StatusCode);

        await AllInOneJinan.UntilAsync(async () =>
        {
            var now = await _city.Viewer.GetFromJsonAsync<JsonElement>("energy/grid");
            return now.GetProperty("violations").EnumerateArray().Any(v => v.GetProperty("kind").GetString() == "overload" && v.GetProperty("element").GetString() == feeder);
        }, $"the overload of {feeder} raised", async () => (await _city.Viewer.GetFromJsonAsync<JsonElement>("energy/grid")).ToString(), seconds: 60);

        JsonElement action = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            var actions = await _city.Viewer.GetFromJsonAsync<JsonElement>("governance/actions?status=proposed");
            action = actions.EnumerateArray().FirstOrDefault(a => a.GetProperty("proposal").GetProperty("domain").GetString() == "energy"
                                                                  && a.GetProperty("proposal").GetProperty("target").GetString() == feeder);
            return action.ValueKind == JsonValueKind.Object;
        }, "relief proposed to governance", seconds: 60);
        var proposal = action.GetProperty("proposal");
        Assert.StartsWith("energy.", proposal.GetProperty("type").GetString());
        Assert.Equal(0, proposal.GetProperty("measures").GetProperty("criticalShed").GetDouble());
        Assert.True(proposal.GetProperty("evidence").GetProperty("after").GetProperty("largestLoadingPercent").GetDouble() <= 100, proposal.ToString());

        var id = proposal.GetProperty("id").GetString()!;
        using (var approved = await _city.Operator.PostAsJsonAsync($"governance/actions/{Uri.EscapeDataString(id)}/approve", new { reason = "relieve the drilled feeder" }))
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        // The change is in the twin, and the next solves see the feeder back within its rating.
        var patch = proposal.GetProperty("effect")[0];
        var entity = patch.GetProperty("entityId").GetString()!;
        var attribute = patch.GetProperty("attributes").EnumerateObject().First();
        await AllInOneJinan.UntilAsync(async () =>
        {
            var now = await _city.Viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString(entity)}");
            return now.TryGetProperty(attribute.Name, out var a) && a.GetProperty("value").GetRawText() == attribute.Value.GetProperty("value").GetRawText();
        }, $"{entity}'s {attribute.Name} changed by the approved action");
        await AllInOneJinan.UntilAsync(async () =>
        {
            var now = await _city.Viewer.GetFromJsonAsync<JsonElement>("energy/grid");
            return !now.GetProperty("violations").EnumerateArray().Any(v => v.GetProperty("element").GetString() == feeder);
        }, $"the overload of {feeder} cleared", async () => (await _city.Viewer.GetFromJsonAsync<JsonElement>("energy/grid")).ToString(), seconds: 60);

        // The drill was on until now, through the viewer's refused end; then none is on.
        Assert.Equal(HttpStatusCode.NoContent, (await _city.Operator.DeleteAsync("sensors/drills/load")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _city.Operator.DeleteAsync("sensors/drills/load")).StatusCode);
    }
}
