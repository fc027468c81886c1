using System.Collections.Concurrent;
using CityMesh.Messaging.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Messaging.Tests.Subscriptions;

/// <summary>Subscriptions declared at a module's root: opened when the host starts, closed when it stops.</summary>
public sealed class EventSubscriptionsTests
{
    private sealed class Recorder : IEventHandler
    {
        public ConcurrentQueue<string> Seen { get; } = new();

        public Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
        {
            Seen.Enqueue(cloudEvent.Id);
            return Task.CompletedTask;
        }
    }

    private sealed class BatchRecorder : IEventBatchHandler
    {
        public ConcurrentQueue<int> Sizes { get; } = new();

        public Task HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct)
        {
            Sizes.Enqueue(events.Count);
            return Task.CompletedTask;
        }
    }

    private static CloudEvent Event(string id) => CloudEvent.Create("test", "test.event", new { n = id }) with { Id = id };

    [Fact]
    public async Task Declared_handlers_get_their_topics_events_from_start_to_stop_and_each_subscription_is_listed()
    {
        var bus = new InMemoryEventBus();
        var services = new ServiceCollection().AddLogging().AddSingleton<IEventBus>(bus);
        services.AddEventHandler<Recorder>("topic.a", "module");
        services.AddEventBatchHandler<BatchRecorder>("topic.b", "module", _ => new BatchOptions { MaxEvents = 3, MaxWait = TimeSpan.FromSeconds(5) });
        services.AddEventSubscriptions();
        services.AddEventSubscriptions(); // twice is once
        await using var provider = services.BuildServiceProvider();

        var declared = provider.GetServices<EventSubscription>().Select(s => s.ToString()).ToArray();
        Assert.Equal(["topic.a as module → Recorder", "topic.b as module → BatchRecorder (batches)"], declared);
        var host = Assert.Single(provider.GetServices<IHostedService>());

        await bus.PublishAsync("topic.a", Event("before")); // nobody listens yet
        await host.StartAsync(CancellationToken.None);
        await bus.PublishAsync("topic.a", Event("1"));
        await bus.PublishBatchAsync("topic.b", [Event("b1"), Event("b2"), Event("b3")]);
        var recorder = provider.GetRequiredService<Recorder>();
        var batches = provider.GetRequiredService<BatchRecorder>();
        await Eventually(() => recorder.Seen.Contains("1") && batches.Sizes.Sum() == 3);
        Assert.DoesNotContain("before", recorder.Seen);
        Assert.All(batches.Sizes, size => Assert.InRange(size, 1, 3));

        // Stopped twice at once, as a test server disposed while its lifetime stops it: both return, nothing thrown.
        await Task.WhenAll(host.StopAsync(CancellationToken.None), host.StopAsync(CancellationToken.None));
        await bus.PublishAsync("topic.a", Event("after"));
        await Task.Delay(200);
        Assert.DoesNotContain("after", recorder.Seen);
    }

    [Fact]
    public async Task A_handler_registered_before_is_the_one_that_handles()
    {
        var bus = new InMemoryEventBus();
        var mine = new Recorder();
        var services = new ServiceCollection().AddLogging().AddSingleton<IEventBus>(bus).AddSingleton(mine);
        services.AddEventHandler<Recorder>("topic.a", "module").AddEventSubscriptions();
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetServices<IHostedService>().Single();
        await host.StartAsync(CancellationToken.None);
        await bus.PublishAsync("topic.a", Event("x"));
        await Eventually(() => mine.Seen.Contains("x"));
        await host.StopAsync(CancellationToken.None);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "not within 5 s");
    }
}
