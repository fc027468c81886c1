using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CityMesh.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// The operator's first look: the real server (<c>--target all</c>) seeds Jinan and runs the telemetry simulator,
/// and a real headless Chromium loads the dashboard and must show the streets coloured by live speeds, values that
/// move, and an object's properties on click.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardEndToEndTests(ITestOutputHelper output)
{
    public static readonly string ScreenshotPath = Screenshots.PathFor("dashboard.png");

    private const string ViewerKey = "viewer-key-for-the-dashboard-0123";
    private const string OperatorKey = "operator-key-for-the-dashboard-0123";

    [Fact]
    public async Task Should_Draw_Jinan_With_Live_Values_In_Headless_Chromium()
    {
        if (!ChromiumPage.IsInstalled)
        {
            // xunit 2 cannot skip at run time; say so plainly rather than pass silently.
            output.WriteLine($"NOT RUN: {ChromiumPage.Executable} is not installed (apt-get install chromium).");
            return;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;

        await using var app = CityMeshHost.Build(["--target", "all"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CityMesh:City:Enabled"] = "true",
                ["CityMesh:City:RoadNetwork"] = RoadNetworkPath(),
                ["CityMesh:Access:ApiKeys:0:Name"] = "wall-screen",
                ["CityMesh:Access:ApiKeys:0:Role"] = "viewer",
                ["CityMesh:Access:ApiKeys:0:Key"] = ViewerKey,
                ["CityMesh:Access:ApiKeys:1:Name"] = "duty-officer",
                ["CityMesh:Access:ApiKeys:1:Role"] = "operator",
                ["CityMesh:Access:ApiKeys:1:Key"] = OperatorKey,
                ["CityMesh:Telemetry:Enabled"] = "true",
                ["CityMesh:Telemetry:Interval"] = "00:00:00.500",
                // Open on the morning rush, so congestion shows whatever the hour the test runs.
                ["CityMesh:Telemetry:StartTimeOfDay"] = "08:00:00",
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await app.StartAsync(ct);
        var address = GrpcPort.HttpAddress(app);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        await WaitUntilReadyAsync(http, ct);
        output.WriteLine($"{stopwatch.Elapsed}: server ready at {address}");

        await using var browser = await ChromiumPage.LaunchAsync(1600, 1000);
        output.WriteLine($"{stopwatch.Elapsed}: chromium attached");
        try
        {
            // As citymesh up prints it: the viewer's key after '#' signs the page in, then leaves the address.
            await browser.NavigateAsync(address + "/#key=" + ViewerKey, ct);
            // Every road drawn, and every one coloured by its detector's speed (no grey "no data" lines left).
            await browser.WaitForAsync(
                "document.querySelectorAll('#l-roads path.road').length === 62 && document.querySelectorAll('#l-roads path.road.nodata').length === 0",
                TimeSpan.FromSeconds(30), ct);
            output.WriteLine($"{stopwatch.Elapsed}: city drawn");

            var drawn = await browser.EvaluateAsync("""
                ({
                  roads: document.querySelectorAll('#l-roads path.road').length,
                  coloured: [...document.querySelectorAll('#l-roads path.road')].filter(p => p.style.stroke.startsWith('rgb')).length,
                  buildings: document.querySelectorAll('#l-buildings path.building').length,
                  hospitals: document.querySelectorAll('#l-icons g.Hospital').length,
                  status: document.body.dataset.state,
                  city: document.getElementById('city-name').textContent,
                  roadLayerCount: document.querySelector('#layers input[data-type="RoadSegment"]').closest('label').querySelector('.count').textContent
                })
                """, ct);
            Assert.Equal(62, drawn.GetProperty("roads").GetInt32());
            Assert.Equal(62, drawn.GetProperty("coloured").GetInt32());
            Assert.True(drawn.GetProperty("buildings").GetInt32() > 300, $"too few buildings drawn: {drawn}");
            Assert.True(drawn.GetProperty("hospitals").GetInt32() >= 1, $"no hospital drawn: {drawn}");
            Assert.Equal("live", drawn.GetProperty("status").GetString());
            Assert.Equal("Jinan", drawn.GetProperty("city").GetString());
            Assert.Equal("62", drawn.GetProperty("roadLayerCount").GetString());

            // Live: the network's traffic total and the update counter move between two reads.
            const string read = "({ flow: document.getElementById('kpi-flow').textContent, updates: +document.body.dataset.updates, speed: document.getElementById('kpi-speed').textContent })";
            var first = await browser.EvaluateAsync(read, ct);
            await browser.WaitForAsync($"+document.body.dataset.updates > {first.GetProperty("updates").GetInt32()} && document.getElementById('kpi-flow').textContent !== {JsonSerializer.Serialize(first.GetProperty("flow").GetString())}",
                TimeSpan.FromSeconds(20), ct);
            var second = await browser.EvaluateAsync(read, ct);
            output.WriteLine($"first read {first}, second read {second}");
            Assert.NotEqual(first.GetProperty("flow").GetString(), second.GetProperty("flow").GetString());
            Assert.Matches(@"^\d{1,3}(,\d{3})*$", second.GetProperty("flow").GetString()!);
            Assert.Matches(@"^\d+\.\d$", second.GetProperty("speed").GetString()!);

            // Hospitals ringed by their beds' occupancy, the beds card a share, every ambulance drawn and counted free.
            await browser.WaitForAsync(
                "[...document.querySelectorAll('#l-icons g.Hospital .level')].every(r => r.getAttribute('stroke') !== '#64748b') && document.getElementById('kpi-beds').textContent.endsWith('%')",
                TimeSpan.FromSeconds(20), ct);
            var health = await browser.EvaluateAsync("""
                ({
                  ambulances: document.querySelectorAll('#l-icons g.Vehicle').length,
                  stations: document.querySelectorAll('#l-icons g.AmbulanceStation').length,
                  free: document.getElementById('kpi-ambulances').textContent,
                  of: document.getElementById('kpi-ambulances-of').textContent,
                  beds: document.getElementById('kpi-beds').textContent
                })
                """, ct);
            output.WriteLine($"health on the dashboard: {health}");
            Assert.Equal(10, health.GetProperty("ambulances").GetInt32());
            Assert.Equal(4, health.GetProperty("stations").GetInt32());
            Assert.Equal(("10", "free of 10"), (health.GetProperty("free").GetString(), health.GetProperty("of").GetString()));
            Assert.Matches(@"^\d{2} %$", health.GetProperty("beds").GetString()!);

            // Clicking a hospital pins its properties in the side panel.
            var details = await browser.EvaluateAsync("""
                (() => {
                  const icon = document.querySelector('#l-icons g.Hospital');
                  icon.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientX: 10, clientY: 10 }));
                  icon.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, clientX: 10, clientY: 10 }));
                  return { title: document.querySelector('#details h3')?.textContent, text: document.getElementById('details').textContent };
                })()
                """, ct);
            Assert.StartsWith("Jinan Hospital No.", details.GetProperty("title").GetString());
            Assert.Contains("Bed Capacity", details.GetProperty("text").GetString());

            output.WriteLine("water before the wait: " + await browser.EvaluateAsync("""
                ({ pipes: document.querySelectorAll('#l-mains path.pipe').length, junctions: document.querySelectorAll('#l-icons g.Junction').length,
                   fills: [...new Set([...document.querySelectorAll('#l-icons g.Junction .level')].map(c => c.getAttribute('fill')))].join(',') })
                """, ct));
            // The water network under the streets, live: pipes drawn, junctions coloured by the pressure safety solved.
            await browser.WaitForAsync(
                "document.querySelectorAll('#l-mains path.pipe').length > 20 && [...document.querySelectorAll('#l-icons g.Junction .level')].every(c => c.getAttribute('fill') !== '#64748b')",
                TimeSpan.FromSeconds(30), ct);

            // An operator opens an incident: it is listed in the panel and marked on the map, and a click shows its timeline.
            using (var ops = new HttpClient { BaseAddress = new Uri(address) })
            {
                ops.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
                var bounds = (await ops.GetFromJsonAsync<JsonElement>("/dashboard/city.json", ct)).GetProperty("city").GetProperty("bounds");
                double lon = (bounds[0].GetDouble() + bounds[2].GetDouble()) / 2, lat = (bounds[1].GetDouble() + bounds[3].GetDouble()) / 2;
                using var opened = await ops.PostAsync("/safety/incidents", new StringContent(
                    $$$"""
                    {"kind": "leak", "title": "Burst main reported by phone", "severity": "high", "location": {"lat": {{{lat}}}, "lon": {{{lon}}}},
                     "affected": ["urn:ngsi-ld:Pipe:jinan:city-m05", "urn:ngsi-ld:Pipe:jinan:city-m06"]}
                    """,
                    System.Text.Encoding.UTF8, "application/json"), ct);
                Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
            }
            await browser.WaitForAsync(
                "document.querySelectorAll('#incidents button').length === 1 && document.querySelectorAll('#l-icons g.Incident').length === 1",
                TimeSpan.FromSeconds(20), ct);
            var incident = await browser.EvaluateAsync("""
                (() => {
                  const item = document.querySelector('#incidents button');
                  const listed = { title: item.querySelector('.title').textContent, severity: item.querySelector('.severity').textContent, count: document.getElementById('incident-count').textContent };
                  item.click();
                  return { ...listed, details: document.querySelector('#details h3')?.textContent, timeline: document.querySelector('#details .timeline')?.textContent,
                           outlined: document.querySelectorAll('#l-mains .selected-outline').length, links: document.querySelectorAll('#details a[data-target*=":Pipe:"]').length };
                })()
                """, ct);
            output.WriteLine($"incident on the dashboard: {incident}");
            Assert.Equal("Burst main reported by phone", incident.GetProperty("title").GetString());
            Assert.Equal("high", incident.GetProperty("severity").GetString());
            Assert.Equal("1 open", incident.GetProperty("count").GetString());
            Assert.Equal("Burst main reported by phone", incident.GetProperty("details").GetString());
            Assert.Contains("opened", incident.GetProperty("timeline").GetString());
            // What it affects is outlined on the map (the two mains) and linked in the details.
            Assert.Equal(2, incident.GetProperty("outlined").GetInt32());
            Assert.Equal(2, incident.GetProperty("links").GetInt32());

            await browser.ScreenshotAsync(ScreenshotPath, ct);
            output.WriteLine($"screenshot: {ScreenshotPath}");
            Assert.True(new FileInfo(ScreenshotPath).Length > 50_000, "the screenshot is suspiciously small");
        }
        catch
        {
            output.WriteLine("Chromium log:\n" + browser.Log);
            throw;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    internal static async Task WaitUntilReadyAsync(HttpClient http, CancellationToken ct)
    {
        while (true)
        {
            var response = await http.GetAsync("/readyz", ct);
            if (response.StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(100, ct);
        }
    }

    /// <summary>The shared data sit beside the checkout; found from this source file, wherever the build output is.</summary>
    internal static string RoadNetworkPath([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "shared", "data", "traffic", "Jinan_3_4", "roadnet_3_4.json"));
}
