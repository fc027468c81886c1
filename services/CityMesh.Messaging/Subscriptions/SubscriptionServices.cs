using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Messaging.Subscriptions;

/// <summary>
/// How a module says what it listens to, in one place at its root (as eShop's event-bus registrations do):
/// <code>
/// services.AddEventBatchHandler&lt;TwinFeed&gt;(Topics.TwinChanged, TwinFeed.Subscriber);
/// services.AddEventHandler&lt;RetimingDecisions&gt;(Topics.ActionsDecided, RetimingDecisions.Subscriber);
/// </code>
/// A handler is resolved from the container when its subscription opens (register it first if it is shared, e.g. a
/// hosted service that also handles events; otherwise it is made a singleton here). The host opens every declared
/// subscription after its services have started (<see cref="AddEventSubscriptions"/>).
/// </summary>
public static class SubscriptionServices
{
    public static IServiceCollection AddEventHandler<THandler>(this IServiceCollection services, string topic, string subscriber)
        where THandler : class, IEventHandler
    {
        services.TryAddSingleton<THandler>();
        services.AddSingleton(new EventSubscription(topic, subscriber, typeof(THandler), Batched: false,
            (sp, bus) => bus.Subscribe(topic, subscriber, sp.GetRequiredService<THandler>().HandleAsync)));
        return services;
    }

    /// <param name="options">The batch sizes, read from the container when the subscription opens; the bus's defaults when null.</param>
    public static IServiceCollection AddEventBatchHandler<THandler>(this IServiceCollection services, string topic, string subscriber,
        Func<IServiceProvider, BatchOptions>? options = null)
        where THandler : class, IEventBatchHandler
    {
        services.TryAddSingleton<THandler>();
        services.AddSingleton(new EventSubscription(topic, subscriber, typeof(THandler), Batched: true,
            (sp, bus) => bus.SubscribeBatch(topic, subscriber, sp.GetRequiredService<THandler>().HandleAsync, options?.Invoke(sp))));
        return services;
    }

    /// <summary>
    /// Opens the declared subscriptions: call it once, after every module is added, so that it starts after their
    /// services (stores ready, views built) and before the server listens (Dapr asks for subscriptions as the app
    /// comes up).
    /// </summary>
    public static IServiceCollection AddEventSubscriptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventSubscriptions>());
        return services;
    }
}
