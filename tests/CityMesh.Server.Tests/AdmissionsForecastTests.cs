using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>
/// The admissions forecast served live in one all-in-one Jinan: the simulated hospitals send their daily admissions
/// history as they join, the twin keeps it (its temporal API), and the health service reads it back and forecasts
/// each emergency hospital 1–7 days ahead beside the seasonal baseline.
/// </summary>
public sealed class AdmissionsForecastTests : IAsyncLifetime
{
    private AllInOneJinan _city = null!;
    private HttpClient _viewer => _city.Viewer;
    private HttpClient _anonymous => _city.Anonymous;

    public async Task InitializeAsync() => _city = await AllInOneJinan.StartAsync(new Dictionary<string, string?>
    {
        ["CityMesh:Telemetry:Enabled"] = "true",
        ["CityMesh:Telemetry:Interval"] = "00:00:01",
        ["CityMesh:Telemetry:AdmissionsHistoryDays"] = "40",
        ["CityMesh:Health:Forecast:Refresh"] = "00:00:01",
    });

    public async Task DisposeAsync() => await _city.DisposeAsync();

    [Fact]
    public async Task The_hospitals_history_reaches_the_twin_and_comes_back_as_a_forecast()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.GetAsync("health/forecast/admissions")).StatusCode);

        JsonElement forecast = default;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        HttpStatusCode status = 0;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var answer = await _viewer.GetAsync("health/forecast/admissions");
            status = answer.StatusCode;
            last = await answer.Content.ReadAsStringAsync();
            if (status == HttpStatusCode.OK)
            {
                forecast = JsonDocument.Parse(last).RootElement.Clone();
                break;
            }
            // Until ready it says why, with the days it has.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            var waiting = JsonDocument.Parse(last).RootElement;
            Assert.Contains(waiting.GetProperty("status").GetString(), new[] { "training", "collecting" });
            await Task.Delay(500);
        }
        Assert.True(status == HttpStatusCode.OK, $"no forecast within 90 s: {last}");

        // Jinan's two hospitals with an emergency department, 40 days of history sent and yesterday's each round.
        Assert.Equal("ready", forecast.GetProperty("status").GetString());
        Assert.InRange(forecast.GetProperty("historyDays").GetInt32(), 40, 42);
        var hospitals = forecast.GetProperty("hospitals").EnumerateArray().ToList();
        Assert.Equal(["urn:ngsi-ld:Hospital:jinan:h1", "urn:ngsi-ld:Hospital:jinan:h2"], hospitals.Select(h => h.GetProperty("hospital").GetString()));
        foreach (var hospital in hospitals)
        {
            var days = hospital.GetProperty("days").EnumerateArray().ToList();
            Assert.Equal([1, 2, 3, 4, 5, 6, 7], days.Select(d => d.GetProperty("horizon").GetInt32()));
            foreach (var day in days)
            {
                double admissions = day.GetProperty("admissions").GetDouble(), baseline = day.GetProperty("baseline").GetDouble();
                Assert.InRange(admissions, day.GetProperty("lower80").GetDouble(), day.GetProperty("upper80").GetDouble());
                // The simulated hospitals admit 0.25 × 0.3 a bed a day (about 180 for h1's 2,392 beds): the forecast and
                // the baseline land within a third of each other, as two views of the same steady series.
                Assert.InRange(admissions / baseline, 0.67, 1.5);
                Assert.InRange(admissions, 20, 1000);
            }
        }
    }
}
