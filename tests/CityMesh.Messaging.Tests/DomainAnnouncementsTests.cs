using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Tests;

/// <summary>A detector's change goes on the domain's topic first, then to the service's own listeners; a failure is logged, never thrown.</summary>
public sealed class DomainAnnouncementsTests
{
    private static CloudEvent Announcement(string subject) => CloudEvent.Create("/test", "io.citymesh.test.raised", new { subject }, subject: subject);

    [Fact]
    public async Task The_topic_hears_it_before_the_listeners_and_the_listeners_in_order()
    {
        await using var bus = new InMemoryEventBus();
        var heard = new List<string>();
        var published = new TaskCompletionSource();
        await using var subscription = bus.Subscribe(Topics.DomainEvents("test"), "audit", (e, _) =>
        {
            lock (heard) heard.Add($"topic {e.Subject}");
            published.TrySetResult();
            return Task.CompletedTask;
        });
        Func<string, int, CancellationToken, Task>? listeners = null;
        listeners += async (change, context, _) => { await published.Task.WaitAsync(TimeSpan.FromSeconds(5)); lock (heard) heard.Add($"first {change} {context}"); };
        listeners += (change, context, _) => { lock (heard) heard.Add($"second {change} {context}"); return Task.CompletedTask; };
        var log = new ErrorLog();

        await DomainAnnouncements.PublishThenNotifyAsync(bus, "test", Announcement("g1"), "g1", 7, listeners, log, CancellationToken.None);

        Assert.Equal(["topic g1", "first g1 7", "second g1 7"], heard);
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task A_bus_that_refuses_it_is_logged_naming_the_change_and_the_listeners_are_not_told()
    {
        var told = 0;
        var log = new ErrorLog();
        await DomainAnnouncements.PublishThenNotifyAsync<string, int>(new RefusingBus(), "test", Announcement("g2"), "g2", 0,
            (_, _, _) => { told++; return Task.CompletedTask; }, log, CancellationToken.None);

        Assert.Equal(0, told);
        Assert.Equal(["Could not announce io.citymesh.test.raised for g2: the broker is down"], log.Errors);
    }

    [Fact]
    public async Task A_listener_that_fails_is_logged_and_cancellation_still_stops_it()
    {
        await using var bus = new InMemoryEventBus();
        var log = new ErrorLog();
        await DomainAnnouncements.PublishThenNotifyAsync<string, int>(bus, "test", Announcement("g3"), "g3", 0,
            (_, _, _) => throw new InvalidOperationException("no shelter list"), log, CancellationToken.None);
        Assert.Equal(["Could not announce io.citymesh.test.raised for g3: no shelter list"], log.Errors);

        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DomainAnnouncements.PublishThenNotifyAsync<string, int>(bus, "test", Announcement("g4"), "g4", 0,
            (_, _, ct) => Task.FromCanceled(ct), log, stopping.Token));
    }

    /// <summary>A broker that is down: every publish fails as a transport's would.</summary>
    private sealed class RefusingBus : IEventBus
    {
        public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default) => throw new IOException("the broker is down");

        public Task PublishBatchAsync(string topic, IEnumerable<CloudEvent> events, CancellationToken ct = default) => throw new IOException("the broker is down");

        public IAsyncDisposable Subscribe(string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler) => throw new NotSupportedException();

        public IAsyncDisposable SubscribeBatch(string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler, BatchOptions? options = null) =>
            throw new NotSupportedException();
    }

    /// <summary>The errors logged, as "message: exception message".</summary>
    private sealed class ErrorLog : ILogger
    {
        public List<string> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error) Errors.Add($"{formatter(state, exception)}: {exception?.Message}");
        }
    }
}
