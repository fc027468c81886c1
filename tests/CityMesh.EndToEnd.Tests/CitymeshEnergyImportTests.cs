using System.Net.Http.Json;
using System.Text.Json;
using CityMesh.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// <c>citymesh energy import</c> as a user runs it, into a real running twin (<c>--target twin</c>, nothing seeded): the
/// Baran &amp; Wu 33-bus feeder read back as the grid's entities, its tie lines as normally-open switches and its
/// impedances in ohm; a bad case refused naming its line and field, and a viewer's key refused by the twin, neither
/// writing anything.
/// </summary>
public sealed class CitymeshEnergyImportTests : IAsyncLifetime
{
    private const string ViewerKey = "viewer-key-for-the-energy-import-0123";
    private const string OperatorKey = "operator-key-for-the-energy-import-0123";

    private static readonly string[] GridTypes = ["Substation", "BusbarSection", "ACLineSegment", "PowerTransformer", "Switch", "Feeder"];

    private readonly string _out = Directory.CreateTempSubdirectory("citymesh-energy-import-").FullName;
    private WebApplication _twin = null!;
    private HttpClient _viewer = null!;
    private string _address = "";

    public async Task InitializeAsync()
    {
        _twin = CityMeshHost.Build(["--target", "twin"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CityMesh:Twin:Store"] = "memory",
                ["CityMesh:City:Enabled"] = "false",
                ["CityMesh:Access:ApiKeys:0:Name"] = "wall-screen",
                ["CityMesh:Access:ApiKeys:0:Role"] = "viewer",
                ["CityMesh:Access:ApiKeys:0:Key"] = ViewerKey,
                ["CityMesh:Access:ApiKeys:1:Name"] = "grid-engineer",
                ["CityMesh:Access:ApiKeys:1:Role"] = "operator",
                ["CityMesh:Access:ApiKeys:1:Key"] = OperatorKey,
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await _twin.StartAsync();
        _address = GrpcPort.HttpAddress(_twin) + "/";
        _viewer = new HttpClient { BaseAddress = new Uri(_address) };
        _viewer.DefaultRequestHeaders.Add("X-Api-Key", ViewerKey);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await DashboardEndToEndTests.WaitUntilReadyAsync(_viewer, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        _viewer.Dispose();
        await _twin.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    private Task<(int Code, string Output)> ImportAsync(string file, string key) =>
        CitymeshProcess.RunAsync(["energy", "import", file, "--grid", "case33", "--twin", _address], TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["CITYMESH_API_KEY"] = key });

    [Fact]
    public async Task The_33_bus_feeder_is_read_back_from_the_twin_and_a_bad_case_writes_nothing()
    {
        // A tie line's to-bus that the case does not have: refused before the twin is written.
        var text = await File.ReadAllTextAsync(CitymeshEnergyTests.Case33());
        var at = text.IndexOf("\t9\t15\t2.0000", StringComparison.Ordinal);
        Assert.True(at > 0, "the 9-15 tie line is not in case33bw.m");
        var line = text[..at].Count(c => c == '\n') + 1;
        var bad = Path.Combine(_out, "case33bad.m");
        await File.WriteAllTextAsync(bad, text[..at] + "\t9\t34\t2.0000" + text[(at + "\t9\t15\t2.0000".Length)..]);

        var (code, output) = await ImportAsync(bad, OperatorKey);
        Assert.Equal(2, code);
        Assert.Contains($"case33bad.m: line {line}, mpc.branch column 2 (tbus): bus 34 is not in mpc.bus", output);
        Assert.DoesNotContain("Unhandled exception", output);
        foreach (var type in GridTypes) Assert.Empty(await EntitiesAsync(type));

        // A viewer's key: the twin refuses the first batch, the command says so and fails.
        (code, output) = await ImportAsync(CitymeshEnergyTests.Case33(), ViewerKey);
        Assert.Equal(1, code);
        Assert.Contains("the twin refused the grid after 0 of 72 entities: 403", output);
        foreach (var type in GridTypes) Assert.Empty(await EntitiesAsync(type));

        (code, output) = await ImportAsync(CitymeshEnergyTests.Case33(), OperatorKey);
        Assert.True(code == 0, output);
        Assert.Contains("72 entities of grid 'case33' written: 33 buses, 32 lines, 0 transformers, 5 switches (normally open), 1 feeders", output);

        Assert.Single(await EntitiesAsync("Substation"));
        Assert.Single(await EntitiesAsync("Feeder"));
        Assert.Empty(await EntitiesAsync("PowerTransformer"));
        var buses = await EntitiesAsync("BusbarSection");
        Assert.Equal(33, buses.Count);
        Assert.Equal(Enumerable.Range(1, 33).Select(b => $"urn:ngsi-ld:BusbarSection:jinan:case33-bus{b}").Order(),
            buses.Select(b => b.GetProperty("id").GetString()).Order());
        // The case's 37 branches: 32 in service are lines, the 5 out of service (its tie lines) normally-open switches.
        Assert.Equal(32, (await EntitiesAsync("ACLineSegment")).Count);
        var switches = await EntitiesAsync("Switch");
        Assert.Equal(5, switches.Count);
        Assert.All(switches, s =>
        {
            Assert.True(s.GetProperty("normalOpen").GetProperty("value").GetBoolean(), s.ToString());
            Assert.True(s.GetProperty("open").GetProperty("value").GetBoolean(), s.ToString());
        });
        var tie = switches.Single(s => s.GetProperty("id").GetString() == "urn:ngsi-ld:Switch:jinan:case33-sw34");
        Assert.Equal("urn:ngsi-ld:BusbarSection:jinan:case33-bus9", tie.GetProperty("startsAt").GetProperty("object").GetString());
        Assert.Equal("urn:ngsi-ld:BusbarSection:jinan:case33-bus15", tie.GetProperty("endsAt").GetProperty("object").GetString());

        // The first line, bus 1 to 2, in the ohm the case gives it (0.0922 + j0.0470), not the per unit it is solved in.
        var first = await _viewer.GetFromJsonAsync<JsonElement>($"ngsi-ld/v1/entities/{Uri.EscapeDataString("urn:ngsi-ld:ACLineSegment:jinan:case33-br1")}");
        Assert.Equal("OHM", first.GetProperty("resistance").GetProperty("unitCode").GetString());
        Assert.Equal(0.0922, first.GetProperty("resistance").GetProperty("value").GetDouble(), 1e-9);
        Assert.Equal("OHM", first.GetProperty("reactance").GetProperty("unitCode").GetString());
        Assert.Equal(0.0470, first.GetProperty("reactance").GetProperty("value").GetDouble(), 1e-9);
    }

    /// <summary>Every entity of a grid type, its name a term of the twin's own context (named in the Link header).</summary>
    private async Task<List<JsonElement>> EntitiesAsync(string type)
    {
        using var query = new HttpRequestMessage(HttpMethod.Get, $"ngsi-ld/v1/entities?type={type}&limit=100");
        query.Headers.TryAddWithoutValidation("Link", $"<{_address}ngsi-ld/v1/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        using var response = await _viewer.SendAsync(query);
        Assert.True(response.IsSuccessStatusCode, $"{type}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }
}
