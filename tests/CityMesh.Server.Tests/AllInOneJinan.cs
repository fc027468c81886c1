using CityMesh.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Server.Tests;

/// <summary>
/// The all-in-one Jinan that end-to-end tests drive: <c>--target all</c> on a free port, the in-memory twin seeded
/// with Jinan's 3 × 4 network and its generated city, the test keys (<see cref="TestAccess"/>), plus each test's own
/// settings; clients for an operator, a viewer and nobody.
/// </summary>
internal sealed class AllInOneJinan : IAsyncDisposable
{
    private AllInOneJinan(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Operator = Client(TestAccess.KeyOf("operator"));
        Viewer = Client(TestAccess.KeyOf("viewer"));
        Anonymous = Client(null);
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Operator { get; }

    public HttpClient Viewer { get; }

    public HttpClient Anonymous { get; }

    /// <param name="settings">Added over the defaults (later keys win).</param>
    public static async Task<AllInOneJinan> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = CityMeshHost.Build(["--target", "all"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CityMesh:Twin:Store"] = "memory",
                ["CityMesh:City:Enabled"] = "true",
                ["CityMesh:City:RoadNetwork"] = SharedData.Jinan("roadnet_3_4.json"),
                ["Logging:LogLevel:Default"] = "Warning",
                // Assessing every roof for solar takes seconds of both cores at start; no test of this city reads it.
                ["CityMesh:Energy:SolarRoofs"] = "false",
            }).AddInMemoryCollection(TestAccess.Settings()).AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        });
        await app.StartAsync();
        return new AllInOneJinan(app, new Uri(GrpcPort.HttpAddress(app) + "/"));
    }

    /// <summary>A client with the test key of <paramref name="role"/> (e.g. data-provider); the caller disposes it.</summary>
    public HttpClient ClientAs(string role) => Client(TestAccess.KeyOf(role));

    private HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Polls <paramref name="done"/> every 100 ms until it holds, failing after <paramref name="seconds"/> with what <paramref name="state"/> says.</summary>
    public static async Task UntilAsync(Func<Task<bool>> done, string what, Func<Task<string>>? state = null, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await done()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"timed out after {seconds} s waiting for {what}{(state is null ? "" : ": " + await state())}");
    }

    public async ValueTask DisposeAsync()
    {
        Operator.Dispose();
        Viewer.Dispose();
        Anonymous.Dispose();
        await App.DisposeAsync();
    }
}
