using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CityMesh.Messaging.Instrumentation;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Kafka;

/// <summary>
/// One consumer in group <c>subscriber</c>, polled on its own thread, which gathers and decodes the next batch while
/// a second thread handles the previous one. Per batch: consume up to MaxEvents or MaxWait, dead-letter what does
/// not decode, hand the rest to the handler (retried with backoff, then event by event, then
/// dead-lettered), and only then commit the batch's offsets. A crash before the commit redelivers the batch (at
/// least once). Disposing stops polling, lets the in-flight batch finish and commit, and closes the consumer so the
/// group hands its partitions to a successor at once.
/// </summary>
internal sealed class KafkaSubscription : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly KafkaEventBus _bus;
    private readonly string _topic;
    private readonly string _subscriber;
    private readonly Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> _handler;
    private readonly BatchOptions _batching;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _halt = new(); // the handler thread has stopped: stop gathering for it
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly OffsetGaps _gaps = new(); // the consumer thread's only
    private readonly ConcurrentQueue<Batch> _spare = new(); // handled batches, their lists kept for the next ones
    private volatile bool _stopping;
    private int _disposed;

    public KafkaSubscription(KafkaEventBus bus, string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler,
        BatchOptions batching)
    {
        _bus = bus;
        _topic = topic;
        _subscriber = subscriber;
        _handler = handler;
        _batching = batching;
        _logger = bus.Logger;
    }

    public void Start() => new Thread(Run) { IsBackground = true, Name = $"kafka {_topic} {_subscriber}" }.Start();

    /// <summary>
    /// A gathered batch: the messages in offset order; the events that decoded, each beside its message; the messages
    /// that did not, with why. At most three exist per subscription (one gathering, one queued, one being handled), and
    /// each is used again once committed: at 20,000 events a batch's lists are large objects, and making them anew for
    /// every batch had the firehose paying for full collections.
    /// </summary>
    private sealed class Batch
    {
        public readonly List<ConsumeResult<byte[]?, byte[]>> Results = [];
        public readonly List<CloudEvent> Events = [];
        public readonly List<ConsumeResult<byte[]?, byte[]>> Origins = [];
        public readonly List<(ConsumeResult<byte[]?, byte[]> Message, string Reason)> Undecodable = [];

        public Batch Cleared()
        {
            Results.Clear();
            Events.Clear();
            Origins.Clear();
            Undecodable.Clear();
            return this;
        }
    }

    /// <summary>
    /// The consumer thread: gathers and decodes the next batch while the handler thread applies the previous one (a
    /// pipeline one batch deep, so a slow handler holds back polling rather than memory). It is also the only thread
    /// that polls; the handler thread commits, which librdkafka allows from any thread.
    /// </summary>
    private void Run()
    {
        IConsumer<byte[]?, byte[]>? consumer = null;
        using var ready = new BlockingCollection<Batch>(boundedCapacity: 1);
        Thread? handling = null;
        try
        {
            _bus.EnsureTopicAsync(_topic).GetAwaiter().GetResult();
            consumer = new ConsumerBuilder<byte[]?, byte[]>(_bus.Options.ConsumerConfig(_subscriber))
                .SetLogHandler((_, m) => KafkaLog.Write(_logger, m))
                .SetErrorHandler((_, e) => _logger.LogWarning("Kafka consumer {Subscriber} on {Topic}: {Code} {Reason}", _subscriber, _topic, e.Code, e.Reason))
                .SetPartitionsRevokedHandler((_, revoked) => _gaps.Forget(revoked))
                .SetPartitionsLostHandler((_, lost) => _gaps.Forget(lost))
                .Build();
            consumer.Subscribe(_topic);
            var committer = consumer;
            handling = new Thread(() => HandleAll(ready, committer)) { IsBackground = true, Name = $"kafka {_topic} {_subscriber} handler" };
            handling.Start();
            while (!_stopping)
            {
                Batch batch;
                try
                {
                    batch = Gather(consumer);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    // librdkafka 2 reports passing conditions (a subscribed topic missing or being deleted) through
                    // Consume; the consumer goes on by itself, and so does the subscription.
                    _logger.LogWarning("Kafka consumer {Subscriber} on {Topic}: {Code} {Reason}", _subscriber, _topic, e.Error.Code, e.Error.Reason);
                    continue;
                }
                if (batch.Results.Count == 0)
                {
                    _spare.Enqueue(batch);
                    continue;
                }
                CountGaps(batch.Results);
                ready.Add(batch, _halt.Token);
            }
        }
        catch (OperationCanceledException) when (_halt.IsCancellationRequested)
        {
            // The handler stopped (aborted mid-batch): what was gathered since stays uncommitted for the successor.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Kafka subscription {Subscriber} on {Topic} stopped", _subscriber, _topic);
        }
        finally
        {
            ready.CompleteAdding();
            handling?.Join(); // lets the batch in flight and the one queued finish and commit before leaving the group
            if (consumer is not null)
            {
                try
                {
                    consumer.Close(); // leaves the group now, so a successor is assigned without waiting for the session timeout
                }
                catch (KafkaException e)
                {
                    _logger.LogWarning(e, "Kafka consumer {Subscriber} on {Topic} did not close cleanly", _subscriber, _topic);
                }
                consumer.Dispose();
            }
            _finished.TrySetResult();
        }
    }

    /// <summary>The handler thread: each batch handled, then committed; an aborted batch ends it uncommitted.</summary>
    private void HandleAll(BlockingCollection<Batch> ready, IConsumer<byte[]?, byte[]> consumer)
    {
        try
        {
            foreach (var batch in ready.GetConsumingEnumerable())
            {
                if (!Handle(batch)) return; // aborted mid-batch: leave it uncommitted for the successor
                Commit(consumer, batch.Results);
                _spare.Enqueue(batch.Cleared());
            }
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Kafka subscription {Subscriber} on {Topic} stopped handling", _subscriber, _topic);
        }
        finally
        {
            _stopping = true;
            _halt.Cancel();
        }
    }

    private void CountGaps(List<ConsumeResult<byte[]?, byte[]>> results)
    {
        foreach (var result in results)
        {
            var skipped = _gaps.Observe(result);
            if (skipped == 0) continue;
            _bus.CountSkipped(skipped);
            _logger.LogError("Subscriber {Subscriber} on {Topic}: partition {Partition} went on at offset {Offset}, {Skipped} message(s) after the " +
                "last it read; they were removed (retention) before it read them", _subscriber, _topic, result.Partition.Value, result.Offset.Value, skipped);
        }
    }

    /// <summary>
    /// Up to MaxEvents results, waiting at most MaxWait after the first one arrived, each decoded as it arrives. A
    /// decoded message keeps only what committing and dead-lettering need (its key and position): its value and headers
    /// become garbage at once, young, instead of living through the batch.
    /// </summary>
    private Batch Gather(IConsumer<byte[]?, byte[]> consumer)
    {
        var batch = _spare.TryDequeue(out var spare) ? spare : new Batch();
        var first = consumer.Consume(PollInterval);
        if (first is null) return batch;
        Take(batch, first);
        var clock = Stopwatch.StartNew();
        while (batch.Results.Count < _batching.MaxEvents && !_stopping)
        {
            var left = _batching.MaxWait - clock.Elapsed;
            var next = consumer.Consume(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            if (next is null) break;
            Take(batch, next);
        }
        return batch;
    }

    private static void Take(Batch batch, ConsumeResult<byte[]?, byte[]> result)
    {
        batch.Results.Add(result);
        if (KafkaCloudEventCodec.TryDecode(result.Message, out var cloudEvent, out var reason))
        {
            batch.Events.Add(cloudEvent);
            batch.Origins.Add(result);
            result.Message.Value = [];
            result.Message.Headers = null;
        }
        else
        {
            batch.Undecodable.Add((result, reason)); // kept whole: its dead letter carries the message as it came
        }
    }

    /// <summary>
    /// False when the handler was cancelled by a forced shutdown; the batch must then not be committed. The handler is
    /// given the batch's own list of events, valid for the call (<see cref="IEventBus.SubscribeBatch"/>).
    /// </summary>
    private bool Handle(Batch batch)
    {
        foreach (var (message, reason) in batch.Undecodable)
            DeadLetter(message, Undecodable(message), "UndecodableMessage", reason, undecodable: true);
        var events = batch.Events;
        if (events.Count == 0) return true;

        var outcome = Attempt(events);
        if (outcome.Aborted) return false;
        if (outcome.Failure is null) return true;
        if (events.Count == 1)
        {
            DeadLetter(batch.Origins[0], events[0], outcome.Failure);
            return true;
        }
        for (var i = 0; i < events.Count; i++)
        {
            var single = Attempt([events[i]]);
            if (single.Aborted) return false;
            if (single.Failure is not null) DeadLetter(batch.Origins[i], events[i], single.Failure);
        }
        return true;
    }

    private readonly record struct Outcome(bool Aborted, Exception? Failure);

    private Outcome Attempt(IReadOnlyList<CloudEvent> events)
    {
        var options = _bus.Options;
        Exception? last = null;
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            try
            {
                _handler(events, _abort.Token).GetAwaiter().GetResult();
                return new Outcome(false, null);
            }
            catch (Exception) when (_abort.IsCancellationRequested)
            {
                return new Outcome(true, null);
            }
            catch (PoisonEventException e)
            {
                // Permanent by the handler's word: no retries (a batch then goes event by event to find the poison).
                return new Outcome(false, e);
            }
            catch (Exception e)
            {
                last = e;
                _logger.LogDebug(e, "Subscriber {Subscriber} on {Topic}: attempt {Attempt} of {Count} event(s) failed", _subscriber, _topic, attempt, events.Count);
                if (attempt < options.MaxAttempts && _abort.Token.WaitHandle.WaitOne(options.RetryBackoff * (1 << (attempt - 1))))
                    return new Outcome(true, null);
            }
        }
        return new Outcome(false, last);
    }

    private void DeadLetter(ConsumeResult<byte[]?, byte[]> origin, CloudEvent cloudEvent, Exception failure) =>
        DeadLetter(origin, cloudEvent, failure.GetType().Name, failure.Message, undecodable: false);

    /// <summary>
    /// The shared <see cref="Messaging.DeadLetter"/> event on <c>&lt;topic&gt;.dlq</c>, with the reason and the
    /// original position also in headers for tools that read Kafka directly. Waits for the acknowledgement, so the
    /// original's offset is committed only once its dead letter is safe.
    /// </summary>
    private void DeadLetter(ConsumeResult<byte[]?, byte[]> origin, CloudEvent cloudEvent, string error, string reason, bool undecodable)
    {
        _bus.CountDeadLetter(undecodable);
        MessagingTelemetry.CountDeadLetter(_topic, _subscriber, error);
        _logger.LogWarning("Subscriber {Subscriber} on {Topic}: message {Partition}@{Offset} (event {Id}) dead-lettered: {Error}: {Reason}",
            _subscriber, _topic, origin.Partition.Value, origin.Offset.Value, cloudEvent.Id, error, reason);
        var letter = Messaging.DeadLetter.ToCloudEvent(new DeadLetter(_topic, _subscriber, error, reason, cloudEvent));
        var message = KafkaCloudEventCodec.Encode(letter, _bus.Options.EventFormat);
        message.Key = origin.Message.Key;
        message.Headers = Copy(message.Headers); // an encoded message's headers may be shared with others: add to a copy
        message.Headers.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason));
        message.Headers.Add(DeadLetterHeaders.Error, Encoding.UTF8.GetBytes(error));
        message.Headers.Add(DeadLetterHeaders.Subscriber, Encoding.UTF8.GetBytes(_subscriber));
        message.Headers.Add(DeadLetterHeaders.Topic, Encoding.UTF8.GetBytes(_topic));
        message.Headers.Add(DeadLetterHeaders.Partition, Encoding.UTF8.GetBytes(origin.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        message.Headers.Add(DeadLetterHeaders.Offset, Encoding.UTF8.GetBytes(origin.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        _bus.ProduceAcknowledgedAsync(Topics.DeadLetter(_topic), message).GetAwaiter().GetResult();
    }

    private static Headers Copy(Headers shared)
    {
        var headers = new Headers();
        foreach (var header in shared) headers.Add(header.Key, header.GetValueBytes());
        return headers;
    }

    /// <summary>What a message that is no CloudEvent becomes inside its dead letter: its bytes, named by its position.</summary>
    private CloudEvent Undecodable(ConsumeResult<byte[]?, byte[]> result) => new()
    {
        Id = $"{_topic}/{result.Partition.Value}/{result.Offset.Value}",
        Source = $"kafka:{_topic}",
        Type = "io.citymesh.undecodable",
        Subject = result.Message.Key is { } key ? Encoding.UTF8.GetString(key) : null,
        Time = result.Message.Timestamp.UtcDateTime,
        DataContentType = "application/octet-stream",
        BinaryData = result.Message.Value ?? [],
    };

    private void Commit(IConsumer<byte[]?, byte[]> consumer, List<ConsumeResult<byte[]?, byte[]>> results)
    {
        // A partition's messages arrive in offset order, so its last result is its furthest; keyed by partition
        // number alone, since a subscription reads one topic (its results do not carry the topic's name: see
        // KafkaOptions.ConsumerConfig).
        var last = new Dictionary<int, ConsumeResult<byte[]?, byte[]>>();
        foreach (var r in results)
        {
            if (!last.TryGetValue(r.Partition.Value, out var seen) || r.Offset.Value > seen.Offset.Value) last[r.Partition.Value] = r;
        }
        var offsets = last.Values.Select(r => new TopicPartitionOffset(_topic, r.Partition, r.Offset.Value + 1)).ToList();
        RecordLag(consumer, offsets);
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException e)
        {
            // Typically a rebalance took the partitions meanwhile: their new owner redelivers, the handler dedupes.
            _logger.LogWarning("Subscriber {Subscriber} on {Topic}: commit failed ({Reason}); the batch will be redelivered", _subscriber, _topic, e.Error.Reason);
        }
    }

    /// <summary>
    /// Each partition's backlog behind this batch, from the high watermarks the client learned with its last fetch (a
    /// local read, no request to the brokers): the consumer lag operators watch.
    /// </summary>
    private void RecordLag(IConsumer<byte[]?, byte[]> consumer, List<TopicPartitionOffset> next)
    {
        foreach (var position in next)
        {
            var high = consumer.GetWatermarkOffsets(position.TopicPartition).High;
            if (high != Offset.Unset) MessagingTelemetry.RecordLag(_topic, _subscriber, position.Partition.Value, high.Value - position.Offset.Value);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping = true;
        var finished = _finished.Task;
        if (await Task.WhenAny(finished, Task.Delay(_bus.Options.ShutdownTimeout)) != finished)
        {
            _logger.LogWarning("Subscriber {Subscriber} on {Topic}: the in-flight batch did not finish within {Timeout}; cancelling it",
                _subscriber, _topic, _bus.Options.ShutdownTimeout);
            await _abort.CancelAsync();
        }
        await finished;
        _bus.Forget(this);
        MessagingTelemetry.ForgetLag(_topic, _subscriber);
        _abort.Dispose();
        _halt.Dispose();
    }
}
