using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Messaging;

/// <summary>
/// The embedded transport: one bounded channel per subscription, so a slow consumer slows its publishers
/// (back-pressure) instead of growing memory. Failed handlers are retried with backoff, then dead-lettered.
/// </summary>
public sealed class InMemoryEventBus(InMemoryEventBusOptions? options = null, ILogger<InMemoryEventBus>? logger = null)
    : IEventBus, IAsyncDisposable
{
    private readonly InMemoryEventBusOptions _options = options ?? new();
    private readonly ILogger _logger = logger ?? NullLogger<InMemoryEventBus>.Instance;
    private readonly ConcurrentDictionary<string, ImmutableSubscriptions> _topics = new();
    private long _published;
    private long _deadLettered;

    public long PublishedCount => Interlocked.Read(ref _published);
    public long DeadLetteredCount => Interlocked.Read(ref _deadLettered);

    public async Task PublishBatchAsync(string topic, IEnumerable<CloudEvent> events, CancellationToken ct = default)
    {
        foreach (var cloudEvent in events)
        {
            var published = PublishAsync(topic, cloudEvent, ct);
            // Most complete at once (room in every queue): only a full queue costs an await.
            if (!published.IsCompletedSuccessfully) await published;
        }
    }

    public Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Interlocked.Increment(ref _published);
        if (!_topics.TryGetValue(topic, out var subscriptions)) return Task.CompletedTask;
        var items = subscriptions.Items;
        for (var i = 0; i < items.Length; i++)
        {
            // Room in the queue: no state machine, no await. A full queue takes the waiting path from here on.
            if (!ct.IsCancellationRequested && items[i].Channel.Writer.TryWrite(cloudEvent)) continue;
            return WriteRestAsync(items, i, cloudEvent, ct);
        }
        return Task.CompletedTask;
    }

    private static async Task WriteRestAsync(Subscription[] items, int first, CloudEvent cloudEvent, CancellationToken ct)
    {
        for (var i = first; i < items.Length; i++)
        {
            var subscription = items[i];
            try
            {
                await subscription.Channel.Writer.WriteAsync(cloudEvent, ct);
            }
            catch (ChannelClosedException)
            {
                // Unsubscribed while this publisher held the old list (or waited for room): it no longer gets events.
            }
        }
    }

    public IAsyncDisposable Subscribe(string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler) =>
        SubscribeBatch(topic, subscriber, (events, ct) => handler(events[0], ct), new BatchOptions { MaxEvents = 1 });

    public IAsyncDisposable SubscribeBatch(string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler,
        BatchOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var subscription = new Subscription(this, topic, subscriber, handler, options ?? new BatchOptions(), Channel.CreateBounded<CloudEvent>(
            new BoundedChannelOptions(_options.Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }));
        _topics.AddOrUpdate(topic, _ => new([subscription]), (_, s) => new([.. s.Items, subscription]));
        subscription.Start();
        return subscription;
    }

    private void Remove(Subscription subscription) =>
        _topics.AddOrUpdate(subscription.Topic, _ => new([]), (_, s) => new([.. s.Items.Where(x => x != subscription)]));

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _topics.Values.SelectMany(s => s.Items).ToArray()) await subscription.DisposeAsync();
    }

    private sealed record ImmutableSubscriptions(Subscription[] Items);

    private sealed class Subscription(
        InMemoryEventBus bus, string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler,
        BatchOptions batching, Channel<CloudEvent> channel) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stopping = new();
        private Task _pump = Task.CompletedTask;

        public string Topic => topic;
        public Channel<CloudEvent> Channel => channel;

        public void Start() => _pump = Task.Run(PumpAsync);

        private async Task PumpAsync()
        {
            var reader = channel.Reader;
            var batch = new List<CloudEvent>(Math.Min(batching.MaxEvents, 4096));
            while (await reader.WaitToReadAsync())
            {
                batch.Clear();
                var deadline = DateTime.UtcNow + batching.MaxWait;
                while (batch.Count < batching.MaxEvents)
                {
                    if (reader.TryRead(out var next))
                    {
                        batch.Add(next);
                        continue;
                    }
                    // Wait a little for a fuller batch, but never past MaxWait from its first event.
                    var left = deadline - DateTime.UtcNow;
                    if (batching.MaxEvents == 1 || left <= TimeSpan.Zero) break;
                    using var wait = new CancellationTokenSource(left);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wait.Token)) break;
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
                if (batch.Count > 0) await DeliverAsync(batch.ToArray());
            }
        }

        /// <summary>The whole batch with retries; if it keeps failing, each event alone, dead-lettering those that fail.</summary>
        private async Task DeliverAsync(CloudEvent[] batch)
        {
            var failure = await TryWithRetriesAsync(batch);
            if (failure is null) return;
            if (batch.Length == 1)
            {
                await DeadLetterAsync(batch[0], failure);
                return;
            }
            foreach (var cloudEvent in batch)
            {
                if (await TryWithRetriesAsync([cloudEvent]) is { } e) await DeadLetterAsync(cloudEvent, e);
            }
        }

        private async Task<Exception?> TryWithRetriesAsync(CloudEvent[] events)
        {
            var options = bus._options;
            Exception? last = null;
            for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
            {
                try
                {
                    await handler(events, _stopping.Token);
                    return null;
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return null;
                }
                catch (Exception e)
                {
                    last = e;
                    if (attempt < options.MaxAttempts) await Task.Delay(options.RetryBackoff * (1 << (attempt - 1)));
                }
            }
            return last;
        }

        private async Task DeadLetterAsync(CloudEvent cloudEvent, Exception failure)
        {
            Interlocked.Increment(ref bus._deadLettered);
            Instrumentation.MessagingTelemetry.CountDeadLetter(topic, subscriber, failure.GetType().Name);
            bus._logger.LogWarning(failure, "Subscriber {Subscriber} failed event {Id} on {Topic} {Attempts} times; dead-lettered",
                subscriber, cloudEvent.Id, topic, bus._options.MaxAttempts);
            await bus.PublishAsync(Topics.DeadLetter(topic), DeadLetter.ToCloudEvent(topic, subscriber, failure, cloudEvent));
        }

        public async ValueTask DisposeAsync()
        {
            bus.Remove(this);
            channel.Writer.TryComplete();
            await _pump;
            _stopping.Dispose();
        }
    }
}

public sealed record InMemoryEventBusOptions
{
    /// <summary>Events a subscription may hold before publishers wait.</summary>
    public int Capacity { get; init; } = 10_000;
    public int MaxAttempts { get; init; } = 4;
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(20);
}
