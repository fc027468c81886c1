using CityMesh.LocalServers;
using CityMesh.Server.Tests.Contexts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityMesh.Server.Tests.Temporal;

/// <summary>
/// The suite's payloads name its compound @context, which names the suite's own and the core context: the twin
/// preloads the first two from ../shared (as an air-gapped city would), so they are never fetched.
/// </summary>
internal static class SuiteContexts
{
    public static void Preload(IWebHostBuilder builder)
    {
        builder.UseSetting("CityMesh:JsonLd:PreloadFolder", Path.GetDirectoryName(ContextServer.SuiteFile("ngsi-ld-test-suite.jsonld")));
        builder.UseSetting("CityMesh:JsonLd:Preload:0:Url", ContextServer.SuiteContextUrl);
        builder.UseSetting("CityMesh:JsonLd:Preload:0:File", "ngsi-ld-test-suite.jsonld");
        builder.UseSetting("CityMesh:JsonLd:Preload:1:Url", ContextServer.SuiteCompoundUrl);
        builder.UseSetting("CityMesh:JsonLd:Preload:1:File", "ngsi-ld-test-suite-compound.jsonld");
    }
}

/// <summary>The twin on the memory store with the suite's contexts preloaded.</summary>
public sealed class SuiteTwinFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("target", "twin");
        builder.UseSetting("CityMesh:Twin:Store", "memory");
        TestAccess.Configure(builder);
        SuiteContexts.Preload(builder);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.AsAdmin();
    }
}

/// <summary>The twin on PostgreSQL (a throwaway cluster) with the suite's contexts preloaded.</summary>
public sealed class SuitePostgresTwinFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private LocalPostgresCluster? _cluster;

    public async Task InitializeAsync() => _cluster = await LocalPostgresCluster.StartAsync("temporal");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("target", "twin");
        builder.UseSetting("CityMesh:Twin:Store", "postgres");
        builder.UseSetting("CityMesh:Twin:ConnectionString", _cluster!.ConnectionString);
        TestAccess.Configure(builder);
        SuiteContexts.Preload(builder);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.AsAdmin();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
