using CityMesh.Twin.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// Runs, for every subscription space whose twin keeps a change log, the notifier (changes to notifications), the
/// periodic schedule and the sender, once the store's migrations have run.
/// </summary>
public sealed class SubscriptionNotifiers(SubscriptionSpaces spaces, TwinStoreInitializer initializer, SubscriptionOptions options,
    TimeProvider time, ILoggerFactory loggers) : BackgroundService, IDisposable
{
    private readonly HttpClient _http = CreateClient(options);

    /// <summary>
    /// One client for every notification: pooled connections per receiver, each to an address the guard allows
    /// (<see cref="EndpointAddressGuard"/>), redirects not followed (a redirect could point inside).
    /// </summary>
    private static HttpClient CreateClient(SubscriptionOptions options) => new(new SocketsHttpHandler
    {
        ConnectCallback = EndpointAddressGuard.ConnectCallback(options.AllowPrivateEndpoints),
        AllowAutoRedirect = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = options.ConcurrentDeliveries,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each attempt has its own (DeliveryTimeout)
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await initializer.Initialized.WaitAsync(stoppingToken);
        var logger = loggers.CreateLogger("CityMesh.Twin.Subscriptions");
        var loops = new List<Task>();
        foreach (var space in spaces.All.Where(s => s.Changes is not null))
        {
            loops.Add(Task.Run(() => new ChangeNotifier(space, options, time, logger).RunAsync(stoppingToken), stoppingToken));
            loops.Add(Task.Run(() => new PeriodicNotifications(space, options, time).RunAsync(stoppingToken), stoppingToken));
            loops.Add(Task.Run(() => new NotificationSender(space, _http, options, time, logger).RunAsync(stoppingToken), stoppingToken));
        }
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
