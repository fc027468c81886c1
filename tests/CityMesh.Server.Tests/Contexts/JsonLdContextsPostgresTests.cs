using System.Net;
using CityMesh.LocalServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityMesh.Server.Tests.Contexts;

/// <summary>On the PostgreSQL store, hosted and fetched contexts outlive a restart of the twin (migration 5).</summary>
public sealed class JsonLdContextsPostgresTests : IAsyncLifetime
{
    private LocalPostgresCluster _cluster = null!;
    private ContextServer _contexts = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LocalPostgresCluster.StartAsync("contexts");
        _contexts = await ContextServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _contexts.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    private sealed class Twin(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("target", "twin");
            builder.UseSetting("CityMesh:Twin:Store", "postgres");
            builder.UseSetting("CityMesh:Twin:ConnectionString", connectionString);
            builder.UseSetting("CityMesh:JsonLd:AllowPrivateTargets", "true");
            TestAccess.Configure(builder);
        }

        protected override void ConfigureClient(HttpClient client)
        {
            base.ConfigureClient(client);
            client.AsAdmin();
        }

        /// <summary>A client once the migrations ran.</summary>
        public async Task<HttpClient> ReadyClientAsync()
        {
            var client = CreateClient();
            for (var i = 0; i < 300 && (await client.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK; i++) await Task.Delay(100);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
            return client;
        }
    }

    [Fact]
    public async Task Hosted_and_fetched_contexts_survive_a_restart()
    {
        const string contexts = $"{Ngsi.Base}/jsonldContexts";
        var fetched = _contexts.Serve("/pg/ctx.jsonld", """{"@context": {"flow": "https://water.example.org/flow"}}""");
        string location;
        await using (var before = new Twin(_cluster.ConnectionString))
        {
            var client = await before.ReadyClientAsync();
            var posted = await client.PostAsync(contexts, """{"@context": {"Pump": "https://water.example.org/Pump"}}""", Ngsi.JsonLd);
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            location = posted.Headers.Location!.ToString();
            using var query = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/entities?type=Pump");
            query.Headers.TryAddWithoutValidation("Link", $"<{fetched}>; rel=\"{Ngsi.ContextRel}\"");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(query)).StatusCode);
        }

        await using var after = new Twin(_cluster.ConnectionString);
        var again = await after.ReadyClientAsync();
        var served = await again.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("https://water.example.org/Pump", (await Ngsi.JsonOf(served)).GetProperty("@context").GetProperty("Pump").GetString());
        var details = (await again.GetJsonAsync($"{contexts}?details=true&kind=Cached")).EnumerateArray();
        var cached = Assert.Single(details, d => d.GetProperty("URL").GetString() == fetched);
        Assert.Equal("fetched", cached.GetProperty("extraInfo").GetProperty("origin").GetString());

        // Named again after the restart: the stored copy serves, nothing is fetched.
        using var named = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/entities?type=Pump");
        named.Headers.TryAddWithoutValidation("Link", $"<{fetched}>; rel=\"{Ngsi.ContextRel}\"");
        Assert.Equal(HttpStatusCode.OK, (await again.SendAsync(named)).StatusCode);
        Assert.Equal(1, _contexts.Hits("/pg/ctx.jsonld"));
    }
}
