using CityMesh.Access;
using CityMesh.Messaging;
using CityMesh.Twin;
using CityMesh.Twin.Client;
using CityMesh.Twin.ReadApi;
using CityMesh.Twin.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Scenarios.Tests.Running;

/// <summary>
/// A twin's real read API on Kestrel (h2c, on a free loopback port, so nothing clashes with a city running on 8080)
/// over a store the test fills, read with a scenario author's key as a worker reads with the service key: the twin a
/// scenario reads in these tests.
/// </summary>
public sealed class ReadApiTwin : IAsyncDisposable
{
    private const string ReaderKey = "scenario-author-key-for-tests-0123";
    private readonly WebApplication _app;

    private ReadApiTwin(WebApplication app, Uri address) => (_app, Address) = (app, address);

    /// <summary>The read API's address, as --twin or CITYMESH_TWIN_URL gives it.</summary>
    public Uri Address { get; }

    public static async Task<ReadApiTwin> StartAsync(ITwinStore store)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IEventBus>(new InMemoryEventBus());
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<TwinService>();
        builder.Services.AddSingleton(new TwinOptions());
        builder.Services.AddSingleton<CityMesh.Twin.Tenancy.TwinTenants>();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CityMesh:Access:ApiKeys:0:Name"] = "scenario-reader",
            ["CityMesh:Access:ApiKeys:0:Role"] = "scenario-author",
            ["CityMesh:Access:ApiKeys:0:Key"] = ReaderKey,
        });
        builder.Services.AddCityMeshAccess(builder.Configuration);
        builder.Services.AddSingleton<CityMesh.Twin.Ngsi.Access.NgsiAccess>();
        builder.Services.AddSingleton(CityMesh.Limits.InputLimits.Default);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<TwinReaderService>();
        await app.StartAsync();
        return new ReadApiTwin(app, new Uri(app.Urls.Single()));
    }

    /// <summary>A client of the read API with the reader's key.</summary>
    public TwinReaderClient Connect() => TwinReaderClient.Connect(Address, new ApiKeyCredentialHandler(ReaderKey));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
