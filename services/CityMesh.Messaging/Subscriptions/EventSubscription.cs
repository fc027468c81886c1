namespace CityMesh.Messaging.Subscriptions;

/// <summary>
/// One subscription a module declares at its root: which topic, as which subscriber, handled by which class. Opened
/// by <see cref="EventSubscriptions"/> once every service of the process has started.
/// </summary>
public sealed record EventSubscription(string Topic, string Subscriber, Type Handler, bool Batched,
    Func<IServiceProvider, IEventBus, IAsyncDisposable> Open)
{
    public override string ToString() => $"{Topic} as {Subscriber} → {Handler.Name}{(Batched ? " (batches)" : "")}";
}
