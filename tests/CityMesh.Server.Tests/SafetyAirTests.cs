using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>
/// Air quality live in the all-in-one Jinan: the simulated stations' readings reach safety through the twin, which
/// lists each station with its readings and the index's bands, draws the field between them as GeoJSON cells, and
/// plans the least-exposed walk between two points on the city's streets beside the shortest; bad requests are named.
/// </summary>
public sealed class SafetyAirTests : IAsyncLifetime
{
    private AllInOneJinan _city = null!;

    public async Task InitializeAsync() => _city = await AllInOneJinan.StartAsync(new Dictionary<string, string?>
    {
        ["CityMesh:Telemetry:Enabled"] = "true",
        ["CityMesh:Telemetry:Interval"] = "00:00:00.250",
        ["CityMesh:Telemetry:AdmissionsHistoryDays"] = "0",
    });

    public async Task DisposeAsync() => await _city.DisposeAsync();

    [Fact]
    public async Task Stations_field_and_least_exposed_walks_are_served_from_the_live_readings()
    {
        var viewer = _city.Viewer;
        JsonElement air = default;
        await AllInOneJinan.UntilAsync(async () =>
        {
            air = await viewer.GetFromJsonAsync<JsonElement>("safety/air");
            return air.GetProperty("ready").GetBoolean() && air.GetProperty("stations").GetArrayLength() > 0
                && air.GetProperty("stations").EnumerateArray().All(s => s.GetProperty("latest").TryGetProperty("no2", out _));
        }, "safety reading every air quality station", async () => await viewer.GetStringAsync("safety/air"), seconds: 60);
        var stations = air.GetProperty("stations").EnumerateArray().ToList();
        Assert.Equal(8, stations.Count);
        Assert.All(stations, s => Assert.InRange(s.GetProperty("latest").GetProperty("no2").GetDouble(), 0, 1000));
        Assert.Equal(["Good", "Fair", "Moderate", "Poor", "Very poor", "Extremely poor"], air.GetProperty("index").EnumerateArray().Select(b => b.GetProperty("name").GetString()));

        // The field between them: cells of about 100 m, each with a value and its band's colour.
        using (var field = await viewer.GetAsync("safety/air/field.geojson?pollutant=no2&cell=200"))
        {
            Assert.Equal(HttpStatusCode.OK, field.StatusCode);
            Assert.Equal("application/geo+json", field.Content.Headers.ContentType!.MediaType);
            var geo = await field.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("FeatureCollection", geo.GetProperty("type").GetString());
            var cells = geo.GetProperty("features").EnumerateArray().ToList();
            Assert.True(cells.Count > 20, $"{cells.Count} cells");
            double low = stations.Min(s => s.GetProperty("latest").GetProperty("no2").GetDouble()), high = stations.Max(s => s.GetProperty("latest").GetProperty("no2").GetDouble());
            // A trend on the roads' proximity (not extrapolated past the stations' own) plus inverse distance of the
            // rest: never negative, and of the stations' order: within twice their spread above the highest (a trend on
            // one covariate fitted by least squares can reach past the data, but not far; read a moment apart: 5 % slack).
            var values = cells.Select(c => c.GetProperty("properties").GetProperty("value").GetDouble()).ToList();
            Assert.All(values, v => Assert.InRange(v, 0, (high + 2 * (high - low)) * 1.05));
            Assert.InRange(values.Average(), 0.5 * low, 1.5 * high);
        }

        // A walk across the centre: the least-exposed one never breathes more than the shortest.
        var bounds = (await viewer.GetFromJsonAsync<JsonElement>("dashboard/city.json")).GetProperty("city").GetProperty("bounds");
        double w = bounds[0].GetDouble(), s0 = bounds[1].GetDouble(), e = bounds[2].GetDouble(), n = bounds[3].GetDouble();
        var route = await viewer.GetFromJsonAsync<JsonElement>(FormattableString.Invariant(
            $"safety/air/route?from={s0 + 0.2 * (n - s0)},{w + 0.2 * (e - w)}&to={s0 + 0.8 * (n - s0)},{w + 0.8 * (e - w)}"));
        var least = route.GetProperty("leastExposed");
        var shortest = route.GetProperty("shortest");
        Assert.True(least.GetProperty("exposure").GetDouble() <= shortest.GetProperty("exposure").GetDouble() + 1e-9, route.ToString());
        Assert.True(least.GetProperty("lengthMetres").GetDouble() >= shortest.GetProperty("lengthMetres").GetDouble() - 1e-6);
        Assert.True(least.GetProperty("lengthMetres").GetDouble() <= 1.5 * shortest.GetProperty("lengthMetres").GetDouble() + 1e-6, "the detour cap");
        Assert.True(least.GetProperty("nodes").GetArrayLength() >= 2);
        Assert.False(string.IsNullOrEmpty(route.GetProperty("note").GetString()));

        foreach (var (query, field) in new[] { ("safety/air/route?from=x&to=36.66,117.02", "from"), ("safety/air/route?from=36.66,117.02&to=95,117", "to"),
                     ("safety/air/field.geojson?pollutant=radon", "pollutant"), ("safety/air/field.geojson?cell=1", "cell"), ("safety/air/field.geojson?cell=wide", "cell") })
        {
            using var refused = await viewer.GetAsync(query);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{query}: {refused.StatusCode}");
            Assert.Equal(field, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await _city.Anonymous.GetAsync("safety/air")).StatusCode);

        // Forecasts: every station collecting its week of hourly means (a city just started), saying how far it is.
        var forecasts = (await viewer.GetFromJsonAsync<JsonElement>("safety/air/forecast")).EnumerateArray().ToList();
        Assert.Equal(2 * stations.Count, forecasts.Count);
        Assert.All(forecasts, f => Assert.Equal(("collecting", 168, 0), (f.GetProperty("status").GetString(), f.GetProperty("hoursNeeded").GetInt32(), f.GetProperty("hours").GetArrayLength())));
        var one = stations[0].GetProperty("id").GetString()!;
        Assert.Equal(2, (await viewer.GetFromJsonAsync<JsonElement>($"safety/air/forecast?station={Uri.EscapeDataString(one)}")).GetArrayLength());
        using var unknown = await viewer.GetAsync("safety/air/forecast?station=urn:ngsi-ld:AirQualityObserved:jinan:nowhere");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("station", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }
}
