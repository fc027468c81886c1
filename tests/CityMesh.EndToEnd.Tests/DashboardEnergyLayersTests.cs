using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CityMesh.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// The energy layers as an operator sees them: the real server (<c>--target all</c>, the energy service with it) seeds
/// Jinan's grid and solves it, and a real headless Chromium must draw every cable from bus to bus coloured by its
/// loading, the feeders' table, a change of loading and voltage as it happens, and, once asked for from the keyboard,
/// the roofs coloured by the solar class the energy service wrote.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardEnergyLayersTests(ITestOutputHelper output)
{
    public static readonly string GridScreenshotPath = Screenshots.PathFor("dashboard-grid.png");
    public static readonly string GridCloseUpPath = Screenshots.PathFor("dashboard-grid-close.png");
    public static readonly string SolarScreenshotPath = Screenshots.PathFor("dashboard-solar.png");

    private const string ViewerKey = "viewer-key-for-the-energy-layers-0123";
    private const string OperatorKey = "operator-key-for-the-energy-layers-0123";

    // The loading bands as the legend states them: green under 60 %, amber to 100 %, red above.
    private const string BandOf = "(l) => l < 60 ? 'rgb(34, 197, 94)' : l <= 100 ? 'rgb(245, 158, 11)' : 'rgb(239, 68, 68)'";

    [Fact]
    public async Task The_grid_is_drawn_by_loading_and_the_roofs_by_solar_class()
    {
        if (!ChromiumPage.IsInstalled)
        {
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
                ["CityMesh:City:RoadNetwork"] = DashboardEndToEndTests.RoadNetworkPath(),
                ["CityMesh:Access:ApiKeys:0:Name"] = "wall-screen",
                ["CityMesh:Access:ApiKeys:0:Role"] = "viewer",
                ["CityMesh:Access:ApiKeys:0:Key"] = ViewerKey,
                ["CityMesh:Access:ApiKeys:1:Name"] = "grid-controller",
                ["CityMesh:Access:ApiKeys:1:Role"] = "operator",
                ["CityMesh:Access:ApiKeys:1:Key"] = OperatorKey,
                ["CityMesh:Telemetry:Enabled"] = "true",
                ["CityMesh:Telemetry:Interval"] = "00:00:00.500",
                // The grid is solved once as it appears and not again during the test, so the values written below stay.
                ["CityMesh:Energy:Interval"] = "00:10:00",
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await app.StartAsync(ct);
        var address = GrpcPort.HttpAddress(app);
        using var viewer = new HttpClient { BaseAddress = new Uri(address) };
        viewer.DefaultRequestHeaders.Add("X-Api-Key", ViewerKey);
        await DashboardEndToEndTests.WaitUntilReadyAsync(viewer, ct);

        // What the twin holds: the drawable cables (both buses placed), switches, buses and feeders.
        var city = (await viewer.GetFromJsonAsync<JsonElement>("/dashboard/city.json", ct)).GetProperty("entities").EnumerateArray().ToList();
        string TypeOf(JsonElement e) => e.GetProperty("type").GetString()!;
        var placedBuses = city.Where(e => TypeOf(e) == "BusbarSection" && e.TryGetProperty("geometry", out _)).Select(e => e.GetProperty("id").GetString()!).ToHashSet();
        bool Placed(JsonElement e) => e.TryGetProperty("relationships", out var r) && placedBuses.Contains(r.GetProperty("startsAt").GetString()!)
            && placedBuses.Contains(r.GetProperty("endsAt").GetString()!);
        var lines = city.Where(e => TypeOf(e) == "ACLineSegment").ToList();
        var switches = city.Count(e => TypeOf(e) == "Switch" && Placed(e));
        var feeders = city.Count(e => TypeOf(e) == "Feeder");
        output.WriteLine($"the twin: {lines.Count} cables, {switches} switches, {placedBuses.Count} buses, {feeders} feeders");
        Assert.True(lines.Count > 100, $"Jinan's grid has only {lines.Count} cables");
        Assert.All(lines, l => Assert.True(Placed(l), $"{l.GetProperty("id")} does not run between two placed buses"));

        await using var browser = await ChromiumPage.LaunchAsync(1600, 1000);
        try
        {
            await browser.NavigateAsync(address + "/#key=" + ViewerKey, ct);
            // Every cable drawn, and every one coloured by the loading the energy service solved.
            await browser.WaitForAsync(
                $"document.querySelectorAll('#l-grid path.grid-line').length === {lines.Count} && document.querySelectorAll('#l-grid path.grid-line:not([data-loading])').length === 0",
                TimeSpan.FromSeconds(60), ct);
            var grid = await browser.EvaluateAsync($$"""
                (() => {
                  const band = {{BandOf}};
                  const drawn = [...document.querySelectorAll('#l-grid path.grid-line')];
                  // The colour set, not the computed one, which eases towards it over a transition.
                  return {
                    miscoloured: drawn.filter(p => p.style.stroke !== band(+p.dataset.loading)).map(p => p.dataset.id + ' ' + p.dataset.loading + ' ' + p.style.stroke).slice(0, 5),
                    bands: [...new Set(drawn.map(p => p.style.stroke))].join(' '),
                    widths: new Set(drawn.map(p => p.getAttribute('stroke-width'))).size,
                    buses: document.querySelectorAll('#l-grid path.bus').length,
                    critical: document.querySelectorAll('#l-grid path.bus.critical').length,
                    openSwitches: [...document.querySelectorAll('#l-grid path.grid-switch.open')].filter(p => getComputedStyle(p).strokeDasharray !== 'none').length,
                    transformers: [...document.querySelectorAll('#l-icons g.PowerTransformer .level')].map(c => c.getAttribute('stroke')),
                    feederRows: document.querySelectorAll('#feeders tr').length,
                    feederText: document.querySelector('#feeders tr')?.textContent,
                    legend: !document.getElementById('grid-legend').hidden,
                    cableToggle: !!document.querySelector('#layers input[data-type="ACLineSegment"]'),
                  };
                })()
                """, ct);
            output.WriteLine($"the grid on the dashboard: {grid}");
            Assert.Empty(grid.GetProperty("miscoloured").EnumerateArray());
            Assert.True(grid.GetProperty("widths").GetInt32() >= 2, "every cable drawn at one width: the rating does not show");
            Assert.Equal(placedBuses.Count, grid.GetProperty("buses").GetInt32());
            Assert.True(grid.GetProperty("critical").GetInt32() >= 1, "no critical bus marked (hospitals are supplied by critical buses)");
            Assert.Equal(switches, grid.GetProperty("openSwitches").GetInt32());
            Assert.Equal(4, grid.GetProperty("transformers").GetArrayLength());
            Assert.All(grid.GetProperty("transformers").EnumerateArray(), t => Assert.NotEqual("#64748b", t.GetString()));
            Assert.Equal(feeders, grid.GetProperty("feederRows").GetInt32());
            Assert.Matches(@"\d %", grid.GetProperty("feederText").GetString()!);
            Assert.True(grid.GetProperty("legend").GetBoolean(), "the grid legend is hidden");
            Assert.True(grid.GetProperty("cableToggle").GetBoolean(), "the cables have no layer toggle");
            await browser.ScreenshotAsync(GridScreenshotPath, ct);

            // Live: a cable's loading and a bus's voltage change in the twin; the page follows without a reload.
            var line = lines[0].GetProperty("id").GetString()!;
            // A secondary substation's bus (on a feeder), not a substation's own busbar under its icon.
            var bus = city.First(e => TypeOf(e) == "BusbarSection" && e.GetProperty("relationships").TryGetProperty("refFeeder", out _)).GetProperty("id").GetString()!;
            using (var ops = new HttpClient { BaseAddress = new Uri(address) })
            {
                ops.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
                foreach (var (id, body) in new[]
                {
                    (line, """{"loading": {"type": "Property", "value": 135.0, "unitCode": "P1"}}"""),
                    (bus, """{"voltage": {"type": "Property", "value": 0.93, "unitCode": "C62"}}"""),
                })
                {
                    using var written = await ops.PostAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}/attrs", new StringContent(body, Encoding.UTF8, "application/json"), ct);
                    Assert.True(written.StatusCode == HttpStatusCode.NoContent, $"{id}: {written.StatusCode} {await written.Content.ReadAsStringAsync(ct)}");
                }
            }
            await browser.WaitForAsync(
                $"(() => {{ const p = document.querySelector('#l-grid path.grid-line[data-id=\"{line}\"]'); return p.dataset.loading === '135.0' && p.style.stroke === 'rgb(239, 68, 68)'; }})()"
                + $" && document.querySelector('#l-grid path.bus[data-id=\"{bus}\"]').classList.contains('low')",
                TimeSpan.FromSeconds(20), ct);

            // Zoomed in on the overloaded cable: the close-up for the record.
            await browser.EvaluateAsync("document.getElementById('zoom-in').click(); document.getElementById('zoom-in').click(); document.getElementById('zoom-in').click(); true", ct);
            await browser.ScreenshotAsync(GridCloseUpPath, ct);
            await browser.EvaluateAsync("document.getElementById('zoom-fit').click(); true", ct);

            // The roofs: the energy service writes every building's solar class once at start.
            await browser.WaitForAsync("document.querySelectorAll('#l-buildings path.building[data-solar]').length > 300", TimeSpan.FromSeconds(60), ct);
            Assert.Equal(JsonValueKind.True, (await browser.EvaluateAsync("document.getElementById('solar-legend').hidden && !document.getElementById('l-buildings').classList.contains('solar')", ct)).ValueKind);
            // Turned on from the keyboard, as its neighbours in the list are.
            await browser.EvaluateAsync("document.querySelector('#layers input[data-layer=\"solar-roofs\"]').focus(); true", ct);
            await browser.PressAsync("Space", ct);
            var solar = await browser.EvaluateAsync("""
                (() => {
                  const legend = Object.fromEntries([...document.querySelectorAll('#solar-legend i[data-solar]')].map(i => [i.dataset.solar, getComputedStyle(i).backgroundColor]));
                  const roofs = [...document.querySelectorAll('#l-buildings path.building[data-solar]')];
                  const roof = roofs[0];
                  const box = roof.getBoundingClientRect();
                  roof.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 }));
                  const classes = {};
                  for (const r of roofs) classes[r.dataset.solar] = (classes[r.dataset.solar] ?? 0) + 1;
                  return {
                    on: document.querySelector('#layers input[data-layer="solar-roofs"]').checked && document.getElementById('l-buildings').classList.contains('solar'),
                    legend: !document.getElementById('solar-legend').hidden,
                    classes,
                    miscoloured: roofs.filter(r => getComputedStyle(r).fill !== legend[r.dataset.solar]).length,
                    distinct: new Set(Object.values(legend)).size,
                    tooltip: document.getElementById('tooltip').textContent,
                    count: document.getElementById('solar-count').textContent,
                  };
                })()
                """, ct);
            output.WriteLine($"solar roofs on the dashboard: {solar}");
            Assert.True(solar.GetProperty("on").GetBoolean(), "Space on the solar roofs toggle did not turn the layer on");
            Assert.True(solar.GetProperty("legend").GetBoolean(), "the solar legend is hidden");
            Assert.Equal(3, solar.GetProperty("distinct").GetInt32());
            Assert.Equal(0, solar.GetProperty("miscoloured").GetInt32());
            Assert.Contains("kWh/m²", solar.GetProperty("tooltip").GetString());
            Assert.Matches(@"^\d{1,3}(,\d{3})*$", solar.GetProperty("count").GetString()!);
            await browser.ScreenshotAsync(SolarScreenshotPath, ct);
            output.WriteLine($"screenshots: {GridScreenshotPath}, {GridCloseUpPath}, {SolarScreenshotPath}");
            Assert.True(new FileInfo(SolarScreenshotPath).Length > 50_000, "the screenshot is suspiciously small");
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
}
