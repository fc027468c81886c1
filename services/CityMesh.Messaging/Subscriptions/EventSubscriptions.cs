using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Subscriptions;

/// <summary>Opens every <see cref="EventSubscription"/> the modules declared at start, and closes them, newest first, at stop.</summary>
public sealed class EventSubscriptions(IEnumerable<EventSubscription> declared, IEventBus bus, IServiceProvider services,
    ILogger<EventSubscriptions> log) : IHostedService
{
    private List<IAsyncDisposable> _open = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var open = new List<IAsyncDisposable>();
        foreach (var subscription in declared)
        {
            open.Add(subscription.Open(services, bus));
            log.LogDebug("Subscribed: {Subscription}", subscription);
        }
        Volatile.Write(ref _open, open);
        return Task.CompletedTask;
    }

    /// <remarks>
    /// A host may be stopped twice at once (a test server disposed while its lifetime stops it): whichever call comes
    /// first takes the open subscriptions, the other finds none.
    /// </remarks>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var open = Interlocked.Exchange(ref _open, []);
        for (var i = open.Count - 1; i >= 0; i--) await open[i].DisposeAsync();
    }
}
