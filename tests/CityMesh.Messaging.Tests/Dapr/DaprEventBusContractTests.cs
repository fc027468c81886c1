using CityMesh.Messaging.Dapr;
using CityMesh.Messaging.Tests.Contract;

namespace CityMesh.Messaging.Tests.Dapr;

/// <summary>
/// The bus contract over Dapr: a CityMesh app on loopback and a <see cref="FakeDaprSidecar"/> with an in-memory pubsub
/// that routes published events back to the app's delivery endpoints. The sidecar retries 5 times, 10 ms apart; the
/// app dead-letters after 3 failed deliveries.
/// </summary>
public sealed class DaprEventBusContractTests : EventBusContract
{
    protected override async Task<IEventBus> CreateBusAsync(string scope) =>
        new HostedBus(await DaprTestApp.StartAsync(await FakeDaprSidecar.StartAsync(s =>
        {
            s.ApiToken = "to-sidecar-" + scope;
            s.AppApiToken = "to-app-" + scope;
        })));

    /// <summary>
    /// The contract subscribes after the app started; Dapr reads /dapr/subscribe only when the sidecar starts, so
    /// here the sidecar is "restarted" (reads the subscriptions again) before anything is published.
    /// </summary>
    protected override Task WaitUntilSubscribedAsync(IEventBus bus, string topic, string subscriber)
    {
        var app = ((HostedBus)bus).App;
        return app.Sidecar.LoadSubscriptionsAsync(app.Address);
    }


    /// <summary>The app's bus, owning the app and its sidecar so the contract's disposal stops both.</summary>
    private sealed class HostedBus(DaprTestApp app) : IEventBus, IAsyncDisposable
    {
        public DaprTestApp App => app;

        public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default) => app.Bus.PublishAsync(topic, cloudEvent, ct);

        public Task PublishBatchAsync(string topic, IEnumerable<CloudEvent> events, CancellationToken ct = default) =>
            app.Bus.PublishBatchAsync(topic, events, ct);

        public IAsyncDisposable Subscribe(string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler) =>
            app.Bus.Subscribe(topic, subscriber, handler);

        public IAsyncDisposable SubscribeBatch(string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler,
            BatchOptions? options = null) => app.Bus.SubscribeBatch(topic, subscriber, handler, options);

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
