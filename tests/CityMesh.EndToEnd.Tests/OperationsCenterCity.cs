using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CityMesh.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// The all-in-one Jinan the operations center's browser tests share (one city for the whole class, as starting one and
/// flooding it is the slow part): live telemetry a city minute a second, a storm drill started once, and the flood's
/// first road-closure proposal waited for once. Keys for a duty officer (operator) and a wall screen (viewer).
/// </summary>
public sealed class OperationsCenterCity : IAsyncLifetime
{
    public const string ViewerKey = "viewer-key-for-the-operations-center-0123";
    public const string OperatorKey = "operator-key-for-the-operations-center-0123";
    public const string OperatorName = "duty-officer";

    private readonly string _forecasts = Path.Combine(Path.GetTempPath(), "citymesh-ops-center-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<Task<JsonElement>> _closure;
    private WebApplication _app = null!;

    public OperationsCenterCity() => _closure = new(FloodTheCityAsync);

    public string Address { get; private set; } = "";

    public HttpClient Operator { get; private set; } = null!;

    public HttpClient Viewer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = CityMeshHost.Build(["--target", "all"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CityMesh:Twin:Store"] = "memory",
                ["CityMesh:City:Enabled"] = "true",
                ["CityMesh:City:RoadNetwork"] = DashboardEndToEndTests.RoadNetworkPath(),
                ["CityMesh:Access:ApiKeys:0:Name"] = "wall-screen",
                ["CityMesh:Access:ApiKeys:0:Role"] = "viewer",
                ["CityMesh:Access:ApiKeys:0:Key"] = ViewerKey,
                ["CityMesh:Access:ApiKeys:1:Name"] = OperatorName,
                ["CityMesh:Access:ApiKeys:1:Role"] = "operator",
                ["CityMesh:Access:ApiKeys:1:Key"] = OperatorKey,
                ["CityMesh:Telemetry:Enabled"] = "true",
                ["CityMesh:Telemetry:Interval"] = "00:00:00.500",
                // A city minute a second: the drill's storm rises over two city minutes.
                ["CityMesh:Telemetry:TimeAcceleration"] = "60",
                ["CityMesh:Telemetry:AdmissionsHistoryDays"] = "0",
                ["CityMesh:Safety:ForecastHours"] = "1",
                ["CityMesh:Safety:ForecastDirectory"] = _forecasts,
                ["CityMesh:Transport:ResyncDelay"] = "00:00:00.200",
                // Assessing every roof for solar takes seconds of both cores at start; these tests do not read it.
                ["CityMesh:Energy:SolarRoofs"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await _app.StartAsync();
        Address = GrpcPort.HttpAddress(_app);
        Operator = new HttpClient { BaseAddress = new Uri(Address) };
        Operator.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
        Viewer = new HttpClient { BaseAddress = new Uri(Address) };
        Viewer.DefaultRequestHeaders.Add("X-Api-Key", ViewerKey);
        using var ready = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await DashboardEndToEndTests.WaitUntilReadyAsync(Viewer, ready.Token);
    }

    /// <summary>The first road-closure proposal of the storm drill (started on the first call), as governance listed it.</summary>
    public Task<JsonElement> RoadClosureAsync() => _closure.Value;

    private async Task<JsonElement> FloodTheCityAsync()
    {
        // Safety must have read the gauges before a drill can raise them.
        await UntilAsync(async () =>
        {
            using var gauges = await Viewer.GetAsync("/safety/gauges");
            return gauges.StatusCode == HttpStatusCode.OK && (await gauges.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength() > 0;
        }, "safety reading the flood gauges", 60);
        // Held ten city hours (ten minutes here): the gauges stay over their lines while the tests run.
        using (var drill = await Operator.PostAsync("/sensors/drills/storm",
                   new StringContent("""{"peak": 1.6, "riseMinutes": 2, "holdMinutes": 600}""", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Accepted, drill.StatusCode);
        JsonElement closure = default;
        await UntilAsync(async () =>
        {
            var actions = await Viewer.GetFromJsonAsync<JsonElement>("/governance/actions?type=safety.road-closure&status=proposed");
            if (actions.GetArrayLength() == 0) return false;
            closure = actions[0].Clone();
            return true;
        }, "a road-closure proposal from the storm drill", 240);
        return closure;
    }

    public static async Task UntilAsync(Func<Task<bool>> done, string what, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await done()) return;
            await Task.Delay(200);
        }
        Assert.Fail($"timed out after {seconds} s waiting for {what}");
    }

    public async Task DisposeAsync()
    {
        Operator?.Dispose();
        Viewer?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_forecasts)) Directory.Delete(_forecasts, recursive: true);
    }
}
