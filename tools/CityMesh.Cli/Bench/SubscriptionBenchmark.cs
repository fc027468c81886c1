using CityMesh.Twin.Ngsi.JsonLd;
using System.Diagnostics;
using CityMesh.Access;
using CityMesh.Messaging;
using CityMesh.Twin;
using CityMesh.Twin.Changes;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Subscriptions;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CityMesh.Cli.Bench;

/// <param name="Subscriptions">Subscriptions held; <see cref="Types"/> × <see cref="Attributes"/> groups, each matching 1/groups of updates.</param>
/// <param name="Updates">Attribute updates made through the twin; each notifies Subscriptions/(Types × Attributes) subscribers.</param>
public sealed record SubscriptionBenchmarkOptions(int Subscriptions, int Updates, int Types = 10, int Attributes = 10);

/// <summary>
/// <c>citymesh bench subscriptions</c>: notifications/s delivered to a local receiver (Kestrel on loopback) by the
/// twin's notifier and sender, with 10,000 subscriptions of which 1 % match each update (10 types × 10 watched
/// attributes, 100 subscriptions per pair). Updates go through <see cref="TwinService"/>, so the figure covers the
/// change log, matching, the pending queue, reading the entity, writing the notification and the HTTP POST. Peer, in
/// the same run: the same receiver fed the same number of notifications of the same size by a plain HttpClient loop
/// at the same concurrency, the most any notifier could deliver.
/// </summary>
public sealed class SubscriptionBenchmark(SubscriptionBenchmarkOptions options, TextWriter output)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var groups = options.Types * options.Attributes;
        var perUpdate = options.Subscriptions / groups;
        var expected = (long)options.Updates * perUpdate;
        output.WriteLine($"citymesh bench subscriptions: {options.Subscriptions:N0} subscriptions, {perUpdate:N0} ({100.0 / groups:0.##} %) matching each of " +
                         $"{options.Updates:N0} updates = {expected:N0} notifications; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        await using var receiver = await Receiver.StartAsync();
        var subscriptionOptions = new SubscriptionOptions { AllowPrivateEndpoints = true }.Validated();

        // Warm-up on a small twin: JIT, connections.
        await RunTwinAsync(receiver, subscriptionOptions, Math.Max(groups, 100), Math.Min(200, options.Updates), ct);
        var ours = await RunTwinAsync(receiver, subscriptionOptions, options.Subscriptions, options.Updates, ct);
        var peer = await RunPeerAsync(receiver, subscriptionOptions.ConcurrentDeliveries, ours.Notifications, ours.BytesPerNotification, ct);

        output.WriteLine($"twin     {ours.PerSecond,12:N0} notifications/s ({ours.Notifications:N0} in {ours.Elapsed.TotalSeconds:F2} s, " +
                         $"{ours.BytesPerNotification:N0} bytes each, {subscriptionOptions.ConcurrentDeliveries} in flight)");
        output.WriteLine($"peer     {peer,12:N0} POSTs/s (plain HttpClient loop, same receiver, size and concurrency); the twin delivers {ours.PerSecond / peer:P0} of it");
    }

    private sealed record Outcome(long Notifications, TimeSpan Elapsed, int BytesPerNotification)
    {
        public double PerSecond => Notifications / Elapsed.TotalSeconds;
    }

    private async Task<Outcome> RunTwinAsync(Receiver receiver, SubscriptionOptions subscriptionOptions, int subscriptions, int updates, CancellationToken ct)
    {
        var groups = options.Types * options.Attributes;
        var perUpdate = subscriptions / groups;
        var store = new MemoryTwinStore();
        var twin = new TwinService(store, new InMemoryEventBus(), new MemoryTwinChangeLog(updates + 1000));
        await using var tenants = new TwinTenants(twin, new TwinOptions(), Options.Create(new AccessOptions()));
        using var contexts = new ContextSource(new JsonLdOptions(), [], null, TimeProvider.System, NullLogger<ContextSource>.Instance);
        var spaces = new SubscriptionSpaces(tenants, TimeProvider.System, contexts);
        var initializer = new TwinStoreInitializer(store, NullLogger<TwinStoreInitializer>.Instance, tenants);
        await initializer.StartAsync(ct);

        var entities = new List<(string Id, int Type)>();
        for (var type = 0; type < options.Types; type++)
        {
            for (var i = 0; i < 10; i++)
            {
                var id = $"urn:ngsi-ld:Bench{type}:bench:{i}";
                await twin.CreateAsync(new Entity
                {
                    Id = id, Type = $"Bench{type}",
                    Properties = Enumerable.Range(0, options.Attributes).ToDictionary(a => $"a{a}", _ => new Property(TwinValue.Of(0))),
                }, ct);
                entities.Add((id, type));
            }
        }
        var space = spaces.City;
        var head = (await twin.Changes!.HeadAsync(ct)).ToString();
        for (var s = 0; s < subscriptions; s++)
        {
            var group = s % groups;
            await space.Store.CreateAsync(new Subscription
            {
                Id = $"urn:ngsi-ld:Subscription:bench:{s}",
                Entities = [new EntitySelector($"Bench{group / options.Attributes}")],
                WatchedAttributes = [$"a{group % options.Attributes}"],
                Notification = new NotificationParams { Endpoint = new NotificationEndpoint(receiver.Url, "application/json", [], []) },
                Context = "\"https://citymesh.local/ngsi-ld/v1/context.jsonld\"",
                JsonLdContext = "https://citymesh.local/ngsi-ld/v1/context.jsonld",
                Since = head,
            }, ct);
        }
        await space.RefreshAsync(force: true, ct);

        // Warnings and errors to the console: a delivery that fails says why instead of leaving the bench waiting.
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        var notifiers = new SubscriptionNotifiers(spaces, initializer, subscriptionOptions, TimeProvider.System, loggers);
        await notifiers.StartAsync(ct);
        // The notifier notifies changes after its first position: let it take one before the updates start.
        while (await space.Store.CursorAsync(ct) is null) await Task.Delay(5, ct);
        var before = receiver.Count;
        var expected = (long)updates * perUpdate;
        var random = new Random(7);
        var watch = Stopwatch.StartNew();
        for (var u = 0; u < updates; u++)
        {
            var (id, _) = entities[random.Next(entities.Count)];
            var patch = new AttributePatch { Properties = new Dictionary<string, Property> { [$"a{random.Next(options.Attributes)}"] = new(TwinValue.Of(u)) } };
            await twin.UpdateAttributesAsync(id, patch, ct);
        }
        await receiver.WaitForAsync(before + expected, ct);
        watch.Stop();
        await notifiers.StopAsync(ct);
        notifiers.Dispose();
        await initializer.StopAsync(ct);
        return new Outcome(expected, watch.Elapsed, receiver.LastBytes);
    }

    /// <summary>The same receiver fed <paramref name="count"/> POSTs of <paramref name="bytes"/> bytes by <paramref name="concurrency"/> loops.</summary>
    private static async Task<double> RunPeerAsync(Receiver receiver, int concurrency, long count, int bytes, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false });
        var body = new byte[bytes];
        Array.Fill(body, (byte)' ');
        body[0] = (byte)'{';
        body[^1] = (byte)'}';
        var before = receiver.Count;
        long next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(receiver.Url, content, ct);
                response.EnsureSuccessStatusCode();
            }
        }));
        await receiver.WaitForAsync(before + count, ct);
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>A receiver that counts what it is sent and answers 204, as a subscriber's endpoint does.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _count;

        private Receiver(WebApplication app) => _app = app;

        public Uri Url => new(_app.Urls.Single() + "/notify");
        public long Count => Interlocked.Read(ref _count);
        public int LastBytes { get; private set; }

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            Receiver? receiver = null;
            app.MapPost("/notify", async (HttpContext http) =>
            {
                var read = 0;
                var buffer = new byte[16 * 1024];
                int n;
                while ((n = await http.Request.Body.ReadAsync(buffer)) > 0) read += n;
                receiver!.LastBytes = read;
                Interlocked.Increment(ref receiver._count);
                return Results.NoContent();
            });
            receiver = new Receiver(app);
            await app.StartAsync();
            return receiver;
        }

        /// <exception cref="TimeoutException">Nothing more arrived for half a minute: notifications were lost.</exception>
        public async Task WaitForAsync(long count, CancellationToken ct)
        {
            var (seen, since) = (Count, Stopwatch.StartNew());
            while (Count < count)
            {
                await Task.Delay(5, ct);
                if (Count != seen) (seen, since) = (Count, Stopwatch.StartNew());
                else if (since.Elapsed > TimeSpan.FromSeconds(30))
                    throw new TimeoutException($"the receiver got {seen:N0} of {count:N0} notifications and nothing more for 30 s");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
