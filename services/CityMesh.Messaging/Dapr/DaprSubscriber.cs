using CityMesh.Messaging.Idempotency;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// One <see cref="IEventBus.Subscribe"/> or <see cref="IEventBus.SubscribeBatch"/> registration on the Dapr bus: its
/// handler, the event ids it has handled (so redeliveries are not handled twice) and how often each event failed
/// (so a persistently failing one is dead-lettered after <see cref="DaprOptions.MaxDeliveryAttempts"/> deliveries).
/// </summary>
internal sealed class DaprSubscriber(
    DaprEventBus bus, string topic, string name, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler, int maxBatch,
    DaprOptions options) : IAsyncDisposable
{
    private readonly RecentEventIds _handled = new(options.DedupeCapacity);
    private readonly DeliveryFailures _failures = new(options.DedupeCapacity);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private int _inFlight;
    private bool _disposed;
    private TaskCompletionSource? _drained;

    public string Topic => topic;
    public string Name => name;

    /// <summary>1 for <see cref="IEventBus.Subscribe"/>; <see cref="BatchOptions.MaxEvents"/> for batch subscribers.</summary>
    public int MaxBatch => maxBatch;

    public BatchOptions? Batching { get; init; }

    /// <summary>The outcome per event, in order. A poison outcome carries the failure to dead-letter with.</summary>
    public async Task<SubscriberOutcome[]> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var outcomes = new SubscriberOutcome[events.Count];
        if (!TryEnter())
        {
            // Unsubscribed: this subscriber no longer wants events, and others on the topic decide the answer.
            Array.Fill(outcomes, SubscriberOutcome.Handled);
            return outcomes;
        }
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
            // A subject with an event answered RETRY holds back its later events, so they are not handled out of order.
            var heldSubjects = new HashSet<string>(StringComparer.Ordinal);
            for (var start = 0; start < events.Count; start += maxBatch)
            {
                var end = Math.Min(events.Count, start + maxBatch);
                var fresh = new List<int>(end - start);
                for (var i = start; i < end; i++)
                {
                    if (events[i].Subject is { } s && heldSubjects.Contains(s)) outcomes[i] = SubscriberOutcome.Held;
                    else if (_handled.TryAdd(events[i].Id)) fresh.Add(i);
                    else outcomes[i] = SubscriberOutcome.Handled;
                }
                if (fresh.Count == 0) continue;
                if (fresh.Count > 1)
                {
                    try
                    {
                        await handler([.. fresh.Select(i => events[i])], linked.Token);
                        foreach (var i in fresh) Succeeded(events[i], outcomes, i);
                        continue;
                    }
                    catch (Exception)
                    {
                        // The batch failed: find out which events fail on their own, as IEventBus promises.
                        foreach (var i in fresh) _handled.Remove(events[i].Id);
                    }
                }
                foreach (var i in fresh)
                {
                    var e = events[i];
                    if (fresh.Count > 1)
                    {
                        if (e.Subject is { } s && heldSubjects.Contains(s))
                        {
                            outcomes[i] = SubscriberOutcome.Held;
                            continue;
                        }
                        if (!_handled.TryAdd(e.Id))
                        {
                            outcomes[i] = SubscriberOutcome.Handled;
                            continue;
                        }
                    }
                    try
                    {
                        await handler([e], linked.Token);
                        Succeeded(e, outcomes, i);
                    }
                    catch (Exception failure)
                    {
                        _handled.Remove(e.Id);
                        outcomes[i] = Classify(e, failure);
                        if (outcomes[i].Status == DaprDeliveryStatus.Retry && e.Subject is { } s) heldSubjects.Add(s);
                    }
                }
            }
            return outcomes;
        }
        finally
        {
            Exit();
        }
    }

    private void Succeeded(CloudEvent e, SubscriberOutcome[] outcomes, int i)
    {
        _failures.Forget(e.Id);
        outcomes[i] = SubscriberOutcome.Handled;
    }

    private SubscriberOutcome Classify(CloudEvent e, Exception failure)
    {
        if (failure is PoisonEventException || _failures.Count(e.Id) >= options.MaxDeliveryAttempts)
        {
            // Remembered as handled: a redelivery of an event already dead-lettered changes nothing.
            _handled.TryAdd(e.Id);
            _failures.Forget(e.Id);
            Instrumentation.MessagingTelemetry.CountDeadLetter(topic, name, failure.GetType().Name); // the sidecar sends it to the dead-letter topic
            return new SubscriberOutcome(DaprDeliveryStatus.Drop, failure);
        }
        return new SubscriberOutcome(DaprDeliveryStatus.Retry, failure);
    }

    /// <summary>Dead-lettering failed: the next delivery handles the event afresh.</summary>
    public void Forget(string eventId) => _handled.Remove(eventId);

    private bool TryEnter()
    {
        lock (_gate)
        {
            if (_disposed) return false;
            _inFlight++;
            return true;
        }
    }

    private void Exit()
    {
        lock (_gate)
        {
            if (--_inFlight == 0) _drained?.TrySetResult();
        }
    }

    /// <summary>Ends the subscription after the deliveries already being handled are done.</summary>
    public async ValueTask DisposeAsync()
    {
        Task drained;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight == 0) _drained.TrySetResult();
            drained = _drained.Task;
        }
        bus.Remove(this);
        await drained;
        _stopping.Dispose();
    }

    /// <summary>Failed deliveries per event id, bounded like <see cref="RecentEventIds"/> (oldest forgotten first).</summary>
    private sealed class DeliveryFailures(int capacity)
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly Queue<string> _order = new();
        private readonly Lock _gate = new();

        public int Count(string eventId)
        {
            lock (_gate)
            {
                if (_counts.TryGetValue(eventId, out var n)) return _counts[eventId] = n + 1;
                _counts[eventId] = 1;
                _order.Enqueue(eventId);
                while (_order.Count > capacity) _counts.Remove(_order.Dequeue());
                return 1;
            }
        }

        public void Forget(string eventId)
        {
            lock (_gate) _counts.Remove(eventId);
        }
    }
}

/// <summary>What one subscriber made of one event.</summary>
internal sealed record SubscriberOutcome(DaprDeliveryStatus Status, Exception? Failure)
{
    public static readonly SubscriberOutcome Handled = new(DaprDeliveryStatus.Success, null);

    /// <summary>Not handled because an earlier event of its subject is being retried.</summary>
    public static readonly SubscriberOutcome Held = new(DaprDeliveryStatus.Retry, null);
}
