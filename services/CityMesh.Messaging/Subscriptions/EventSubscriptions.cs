using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Subscriptions;

/// <summary>Opens every <see cref="EventSubscription"/> the modules declared at start, and closes them, newest first, at stop.</summary>
public sealed class EventSubscriptions(IEnumerable<EventSubscription> declared, IEventBus bus, IServiceProvider services,
    ILogger<EventSubscriptions> log) : IHostedService
{
    private readonly List<IAsyncDisposable> _open = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in declared)
        {
            _open.Add(subscription.Open(services, bus));
            log.LogDebug("Subscribed: {Subscription}", subscription);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        for (var i = _open.Count - 1; i >= 0; i--) await _open[i].DisposeAsync();
        _open.Clear();
    }
}
