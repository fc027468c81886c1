using CityMesh.Twin.Ngsi.JsonLd;
using System.Net.Http.Json;
using CityMesh.Limits;
using CityMesh.Messaging;
using CityMesh.Twin.Changes;
using CityMesh.Twin.Ngsi;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Tests.Subscriptions;

/// <summary>
/// The NGSI-LD API with subscriptions on a real Kestrel on loopback, over a memory store or a PostgreSQL database:
/// the twin, its change log, the store initializer and the notifiers as the twin module composes them, with retries
/// and polls made short for tests and loopback receivers allowed.
/// </summary>
public sealed class SubscriptionTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SubscriptionTestHost(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;
    public SubscriptionSpace City => Services.GetRequiredService<SubscriptionSpaces>().City;

    /// <param name="connectionString">Null: the memory store.</param>
    /// <param name="tenants">NGSI-LD tenants the twin declares (their keys come in <paramref name="settings"/>).</param>
    public static async Task<SubscriptionTestHost> StartAsync(string? connectionString = null, IDictionary<string, string?>? settings = null,
        IReadOnlyList<string>? tenants = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("CITYMESH_TEST_LOG") == "1") builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CityMesh:Subscriptions:AllowPrivateEndpoints"] = "true",
            ["CityMesh:Subscriptions:RetryDelay"] = "00:00:00.100",
            ["CityMesh:Subscriptions:MaxRetryDelay"] = "00:00:00.400",
            // Retries this quick give up after about 3.5 s at the default 10 attempts: less than a loaded CI machine may
            // take to stop one twin and start the next, which the restart test needs the pending notification to outlive.
            ["CityMesh:Subscriptions:MaxAttempts"] = "1000",
            ["CityMesh:Subscriptions:PollInterval"] = "00:00:00.050",
            ["CityMesh:Subscriptions:MinTimeInterval"] = "0.1",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var options = new TwinOptions
        {
            Store = connectionString is null ? "memory" : "postgres",
            ConnectionString = connectionString,
            ChangeLogPollInterval = TimeSpan.FromMilliseconds(20),
            Tenants = tenants ?? [],
        }.Validated();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IEventBus>(new InMemoryEventBus());
        builder.Services.AddSingleton(_ => TwinStores.Create(options));
        builder.Services.AddSingleton(sp => TwinStores.CreateChangeLog(options, sp.GetRequiredService<ITwinStore>()));
        builder.Services.AddSingleton<TwinService>();
        builder.Services.AddSingleton<global::CityMesh.Twin.Tenancy.TwinTenants>();
        builder.Services.AddSingleton(InputLimits.Default);
        builder.Services.AddSingleton<TwinStoreInitializer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TwinStoreInitializer>());
        builder.Services.AddJsonLdContexts(builder.Configuration);
        builder.Services.AddTwinSubscriptions(builder.Configuration);
        TestCallers.AddAccess(builder);
        var app = builder.Build();
        TestCallers.UseAccess(app);
        app.MapNgsiLd();
        await app.StartAsync();
        await app.Services.GetRequiredService<TwinStoreInitializer>().Initialized;
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(20) }.AsAdmin();
        // The twin's own names (AirQualityObserved is a CityMesh type): name its context, as CityMesh's services do.
        http.DefaultRequestHeaders.TryAddWithoutValidation("Link",
            $"<{app.Urls.Single()}/ngsi-ld/v1/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        return new SubscriptionTestHost(app, http);
    }

    /// <summary>POSTs a subscription; returns its id (from Location).</summary>
    public async Task<string> SubscribeAsync(string json)
    {
        using var response = await Http.PostAsync("/ngsi-ld/v1/subscriptions", Json(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return Uri.UnescapeDataString(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    public async Task CreateEntityAsync(string json)
    {
        using var response = await Http.PostAsync("/ngsi-ld/v1/entities", Json(json));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task PatchAttrsAsync(string id, string json)
    {
        using var response = await Http.PatchAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}/attrs", Json(json));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<System.Text.Json.JsonElement> GetSubscriptionAsync(string id) =>
        await Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/ngsi-ld/v1/subscriptions/{Uri.EscapeDataString(id)}");

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
