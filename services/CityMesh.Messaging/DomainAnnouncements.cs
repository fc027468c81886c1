using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging;

/// <summary>
/// How a domain's detector announces a change of state (a flood alert raised or cleared, a ward over capacity, a road
/// congested or clear): first on the domain's events topic, for every service and the audit trail; then, in order, to
/// the listeners in the same service that react to it (proposals). A change that cannot be announced is logged as an
/// error and the next one goes on: the detector's state has already moved, so the next change is announced anyway and
/// nothing waits on a broken listener.
/// </summary>
public static class DomainAnnouncements
{
    public static async Task PublishThenNotifyAsync<TChange, TContext>(IEventBus bus, string domain, CloudEvent announcement, TChange change, TContext context,
        Func<TChange, TContext, CancellationToken, Task>? listeners, ILogger logger, CancellationToken ct)
    {
        try
        {
            await bus.PublishAsync(Topics.DomainEvents(domain), announcement, ct);
            if (listeners is null) return;
            foreach (var listener in listeners.GetInvocationList().Cast<Func<TChange, TContext, CancellationToken, Task>>())
                await listener(change, context, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not announce {Type} for {Subject}", announcement.Type, announcement.Subject);
        }
    }
}
