using CityMesh.Simulation.Twin;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Geo;
using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Twin;

namespace CityMesh.Server.Tests;

/// <summary>
/// A utility's own network into the twin and live: EPANET's Net3 written as FIWARE water network entities through the
/// NGSI-LD API by an operator (as <c>citymesh water import</c> does), then followed by safety, which solves it and
/// writes its pressures back. A viewer may not write a network.
/// </summary>
public sealed class WaterImportLiveTests : IAsyncLifetime
{
    private AllInOneJinan _city = null!;

    public async Task InitializeAsync() => _city = await AllInOneJinan.StartAsync(new Dictionary<string, string?>
    {
        ["CityMesh:Safety:WaterInterval"] = "00:00:01",
        ["CityMesh:Safety:WaterNetwork"] = "net3",
    });

    public async Task DisposeAsync() => await _city.DisposeAsync();

    [Fact]
    public async Task An_imported_EPANET_network_is_solved_live_from_the_twin()
    {
        var network = InpReader.Read(SharedData.Water("Net3.inp"));
        // Net3's plane is in feet, about 45 units wide: a unit as 30 m, from the middle of Jinan.
        var plane = new LocalTangentPlane(36.66, 117.0);
        var entities = WaterNetworkEntities.Describe(network, "net3", (x, y) => plane.ToWgs84(x * 30, y * 30));
        var body = new JsonArray([.. entities.Select(e => (JsonNode)TwinElementJson.Of(e, "jinan"))]);

        Assert.Equal(HttpStatusCode.Forbidden, (await UpsertAsync(_city.Viewer, body)).StatusCode);
        using (var written = await UpsertAsync(_city.Operator, body))
            Assert.True(written.IsSuccessStatusCode, await written.Content.ReadAsStringAsync());

        JsonElement state = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            using var response = await _city.Viewer.GetAsync("safety/water");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            state = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        }, "safety solving the imported network", async () => await (await _city.Viewer.GetAsync("safety/water")).Content.ReadAsStringAsync(), seconds: 60);
        Assert.Equal("net3", state.GetProperty("network").GetString());
        Assert.Equal(92, state.GetProperty("junctions").GetInt32());
        Assert.Equal(119, state.GetProperty("links").GetInt32());
        Assert.True(state.GetProperty("converged").GetBoolean(), state.ToString());
        Assert.Equal(3, state.GetProperty("tankLevels").EnumerateObject().Count());

        var junction = await _city.Viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString("urn:ngsi-ld:Junction:jinan:net3-111")}");
        await AllInOneJinan.UntilAsync(async () =>
        {
            junction = await _city.Viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString("urn:ngsi-ld:Junction:jinan:net3-111")}");
            return junction.TryGetProperty("pressure", out _);
        }, "junction 111's pressure in the twin", seconds: 30);
        // Junction 111 is served at 41–49 m all day (EPANET's run of Net3); junction 10, at the river pump's suction,
        // falls to -0.6 m while the pump is off, so it is no check of "served" at every time of day.
        Assert.True(junction.GetProperty("pressure").GetProperty("value").GetDouble() > 20, junction.ToString());
    }

    private static Task<HttpResponseMessage> UpsertAsync(HttpClient client, JsonArray body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "ngsi-ld/v1/entityOperations/upsert") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Link", $"<{client.BaseAddress}ngsi-ld/v1/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        return client.SendAsync(request);
    }
}
