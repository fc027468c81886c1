using System.Net;
using System.Text.Json;
using CityMesh.LocalServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityMesh.Server.Tests;

/// <summary>
/// Readiness follows the database: the twin target on PostgreSQL answers 503 naming the twin store while the cluster is
/// down and 200 again once it is back, with no restart, and a server started while the database is down waits for it
/// instead of dying. Each test owns its cluster, since it stops it.
/// </summary>
public sealed class ReadinessOutageTests
{
    /// <summary>
    /// Polls before giving up (200 ms apart, about two minutes): readiness reports are at most 2 s old and each check
    /// waits at most 2 s, but preparing a new database (PostGIS and the tables) can take tens of seconds on a loaded
    /// machine: a CI run gave up after 30 s with the report naming an earlier failure, which is what it showed while
    /// an attempt was under way (it now says it is preparing).
    /// </summary>
    private const int MaxPolls = 600;

    [Fact]
    public async Task Readyz_fails_naming_the_twin_store_while_postgres_is_down_and_recovers_without_a_restart()
    {
        await using var cluster = await LocalPostgresCluster.StartAsync("readiness");
        using var host = TwinOn(cluster);
        var client = host.CreateClient().AsAdmin();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        await cluster.StopServerAsync();
        var down = await PollUntilAsync(client, HttpStatusCode.ServiceUnavailable);
        var twinStore = Check(down, "twin-store");
        Assert.Equal("Unhealthy", twinStore.GetProperty("status").GetString());
        Assert.Contains("twin store does not answer", twinStore.GetProperty("description").GetString());
        Assert.Equal("Unhealthy", down.GetProperty("status").GetString());
        AssertNoSecrets(down, cluster);

        await cluster.StartServerAsync();
        var up = await PollUntilAsync(client, HttpStatusCode.OK);
        Assert.Equal("Healthy", Check(up, "twin-store").GetProperty("status").GetString());
        await AssertWritesAsync(client);
    }

    [Fact]
    public async Task A_server_started_while_postgres_is_down_becomes_ready_when_it_comes_up()
    {
        await using var cluster = await LocalPostgresCluster.StartAsync("readiness");
        await cluster.StopServerAsync();
        using var host = TwinOn(cluster);
        var client = host.CreateClient().AsAdmin();

        var waiting = await PollUntilAsync(client, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("twin store not prepared yet", Check(waiting, "twin-store").GetProperty("description").GetString());
        AssertNoSecrets(waiting, cluster);

        await cluster.StartServerAsync();
        await PollUntilAsync(client, HttpStatusCode.OK);
        await AssertWritesAsync(client);
    }

    private static WebApplicationFactory<Program> TwinOn(LocalPostgresCluster cluster) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("target", "twin");
            builder.UseSetting("CityMesh:Twin:Store", "postgres");
            builder.UseSetting("CityMesh:Twin:ConnectionString", cluster.ConnectionString + ";Password=not-for-readyz");
            TestAccess.Configure(builder);
        });

    /// <returns>The /readyz body of the first answer with <paramref name="expected"/>.</returns>
    private static async Task<JsonElement> PollUntilAsync(HttpClient client, HttpStatusCode expected)
    {
        var last = "";
        for (var poll = 0; poll < MaxPolls; poll++)
        {
            using var response = await client.GetAsync("/readyz");
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == expected) return JsonDocument.Parse(last).RootElement.Clone();
            await Task.Delay(200);
        }
        Assert.Fail($"/readyz never answered {(int)expected} in {MaxPolls} polls; last body: {last}");
        throw new InvalidOperationException("unreachable");
    }

    private static JsonElement Check(JsonElement report, string name) =>
        Assert.Single(report.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == name);

    /// <summary>The body names the store and why, never the connection string or its password.</summary>
    private static void AssertNoSecrets(JsonElement report, LocalPostgresCluster cluster)
    {
        var text = report.GetRawText();
        Assert.DoesNotContain("not-for-readyz", text);
        Assert.DoesNotContain("Username=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(cluster.ConnectionString, text);
    }

    private static async Task AssertWritesAsync(HttpClient client)
    {
        var id = Ngsi.NewId();
        await client.CreateAsync(Ngsi.RoadSegment(id, speed: 31));
        var entity = await client.GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues");
        Assert.Equal(31, entity.GetProperty("speed").GetDouble());
    }
}
