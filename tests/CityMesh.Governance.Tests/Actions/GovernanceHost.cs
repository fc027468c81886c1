using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using CityMesh.Access;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Twin;
using CityMesh.Twin.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Tests.Actions;

/// <summary>
/// A real Kestrel on a free loopback port composing the twin (memory store), an in-memory bus, callers by API key
/// and governance, with the twin's URL pointing at itself. Records what governance publishes and dead-letters.
/// </summary>
internal sealed class GovernanceHost : IAsyncDisposable
{
    public const string OperatorKey = "operator-key-0123456789", ViewerKey = "viewer-key-0123456789";
    public const string GuardedType = "transport.signal-guarded", AdviceType = "transport.advice";

    private readonly List<IAsyncDisposable> _subscriptions = [];
    private WebApplication _app = null!;

    public InMemoryEventBus Bus { get; } = new(new InMemoryEventBusOptions { RetryBackoff = TimeSpan.FromMilliseconds(5) });
    public Channel<CloudEvent> Decided { get; } = Channel.CreateUnbounded<CloudEvent>();
    public Channel<CloudEvent> DeadLetters { get; } = Channel.CreateUnbounded<CloudEvent>();
    public HttpClient Operator { get; private set; } = null!;
    public HttpClient Viewer { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;
    public IServiceProvider Services => _app.Services;

    private GovernanceHost()
    {
    }

    public static async Task<GovernanceHost> StartAsync(TimeSpan? sweep = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CityMesh:Twin:Store"] = "memory",
            ["CityMesh:Access:ApiKeys:0:Name"] = "ops-1",
            ["CityMesh:Access:ApiKeys:0:Role"] = Roles.Operator,
            ["CityMesh:Access:ApiKeys:0:Key"] = OperatorKey,
            ["CityMesh:Access:ApiKeys:1:Name"] = "wall-screen",
            ["CityMesh:Access:ApiKeys:1:Role"] = Roles.Viewer,
            ["CityMesh:Access:ApiKeys:1:Key"] = ViewerKey,
            [$"CityMesh:Governance:Policies:{GuardedType}:Autonomy"] = "ActWithinGuardrails",
            [$"CityMesh:Governance:Policies:{GuardedType}:Limits:maxGreenChangeSeconds"] = "10",
            [$"CityMesh:Governance:Policies:{AdviceType}:Autonomy"] = "Advise",
            ["CityMesh:Governance:ExpirySweepInterval"] = (sweep ?? TimeSpan.FromMinutes(10)).ToString("c"),
        });
        var host = new GovernanceHost();
        builder.Services.AddSingleton<IEventBus>(host.Bus);
        builder.Services.AddTwin(builder.Configuration);
        builder.Services.AddCityMeshAccess(builder.Configuration);
        builder.Services.AddGovernance(builder.Configuration);
        builder.Services.AddEventSubscriptions();
        var app = host._app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTwin();
        app.MapGovernance();
        host._subscriptions.Add(host.Bus.Subscribe(Topics.ActionsDecided, "test", (e, ct) => host.Decided.Writer.WriteAsync(e, ct).AsTask()));
        host._subscriptions.Add(host.Bus.Subscribe(Topics.DeadLetter(Topics.ActionsProposed), "test",
            (e, ct) => host.DeadLetters.Writer.WriteAsync(e, ct).AsTask()));
        await app.StartAsync();
        var url = new Uri(app.Urls.Single());
        app.Configuration[TwinAddress.Key] = url.ToString();
        host.Operator = Client(url, OperatorKey);
        host.Viewer = Client(url, ViewerKey);
        host.Anonymous = Client(url, null);
        return host;
    }

    private static HttpClient Client(Uri url, string? key)
    {
        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) http.DefaultRequestHeaders.Add(AccessAuthentication.ApiKeyHeader, key);
        return http;
    }

    /// <summary>Creates a TrafficSignal in the twin through its NGSI-LD API, with two phases.</summary>
    public async Task CreateSignalAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ngsi-ld/v1/entities")
        {
            Content = JsonContent.Create(new
            {
                id,
                type = "TrafficSignal",
                location = new { type = "GeoProperty", value = new { type = "Point", coordinates = new[] { 117.02, 36.66 } } },
                phases = new { type = "Property", value = new[] { new { duration = 30, movements = new[] { 1, 3 } }, new { duration = 30, movements = new[] { 2, 4 } } } },
            }),
        };
        // CityMesh's TrafficSignal is a term of its own context; without naming it the twin reads the core context's.
        request.Headers.TryAddWithoutValidation("Link",
            $"<{new Uri(Operator.BaseAddress!, "/ngsi-ld/v1/context.jsonld")}>; rel=\"http://www.w3.org/ns/json-ld#context\"");
        var response = await Operator.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    public Task PublishAsync(object proposal, string? eventId = null) =>
        Bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create("/citymesh/transport", "io.citymesh.action.proposed", proposal) with
        {
            Id = eventId ?? Guid.NewGuid().ToString("N"),
        });

    /// <summary>Polls the API until the action exists and <paramref name="done"/> holds.</summary>
    public async Task<JsonElement> WaitForActionAsync(string id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var response = await Viewer.GetAsync($"/governance/actions/{Uri.EscapeDataString(id)}");
            if (response.IsSuccessStatusCode)
            {
                var action = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (done(action)) return action;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"action {id} did not reach the expected state; last answer {(int)response.StatusCode}");
            await Task.Delay(25);
        }
    }

    /// <summary>The next event on <paramref name="channel"/> matching <paramref name="match"/>, skipping others.</summary>
    public static async Task<CloudEvent> NextAsync(Channel<CloudEvent> channel, Func<CloudEvent, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var next = await channel.Reader.ReadAsync(timeout.Token);
            if (match(next)) return next;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions) await subscription.DisposeAsync();
        Operator.Dispose();
        Viewer.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
