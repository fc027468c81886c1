using System.Diagnostics;

namespace CityMesh.Messaging.Instrumentation;

/// <summary>
/// Any transport, traced and measured in one place. Publishing opens a producer span and stamps the events with it
/// (when the span is recorded), so the consumer's span continues the same trace; each delivery to a subscriber opens a
/// consumer span under the events' trace (<see cref="TraceParents"/>) within which the handler runs, so what the handler
/// publishes in turn joins the chain: one trace from a reading to the twin to a proposal to its decision. Counts and
/// durations go to <see cref="MessagingTelemetry"/>.
/// </summary>
public sealed class InstrumentedEventBus(IEventBus inner, string system) : IEventBus
{
    /// <summary>The transport underneath (for what only it offers, such as its own counters).</summary>
    public IEventBus Inner => inner;

    public async Task PublishAsync(string topic, CloudEvent cloudEvent, CancellationToken ct = default)
    {
        using var span = StartPublish(topic, 1);
        if (span is not null) span.SetTag("messaging.message.id", cloudEvent.Id);
        await inner.PublishAsync(topic, Stamped(cloudEvent, span), ct);
        MessagingTelemetry.Sent.Add(1, MessagingTelemetry.System(system), MessagingTelemetry.Destination(topic));
    }

    public async Task PublishBatchAsync(string topic, IEnumerable<CloudEvent> events, CancellationToken ct = default)
    {
        var list = events as IReadOnlyList<CloudEvent> ?? [.. events];
        using var span = StartPublish(topic, list.Count);
        // Stamping copies each event: done only for a recorded span, so an unsampled firehose pays nothing.
        if (span is { Recorded: true }) list = [.. list.Select(e => Stamped(e, span))];
        await inner.PublishBatchAsync(topic, list, ct);
        MessagingTelemetry.Sent.Add(list.Count, MessagingTelemetry.System(system), MessagingTelemetry.Destination(topic));
    }

    public IAsyncDisposable Subscribe(string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler) =>
        inner.Subscribe(topic, subscriber, async (cloudEvent, ct) => await ProcessAsync(topic, subscriber, [cloudEvent], (_, c) => handler(cloudEvent, c), ct));

    public IAsyncDisposable SubscribeBatch(string topic, string subscriber, Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler,
        BatchOptions? options = null) =>
        inner.SubscribeBatch(topic, subscriber, (events, ct) => ProcessAsync(topic, subscriber, events, handler, ct), options);

    private async Task ProcessAsync(string topic, string subscriber, IReadOnlyList<CloudEvent> events,
        Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler, CancellationToken ct)
    {
        var (parent, links) = MessagingTelemetry.Source.HasListeners() ? TraceParents.Of(events) : default;
        using var span = MessagingTelemetry.Source.StartActivity($"process {topic}", ActivityKind.Consumer, parent, links: links);
        span?.SetTag("messaging.system", system).SetTag("messaging.destination.name", topic).SetTag("messaging.consumer.group.name", subscriber)
            .SetTag("messaging.operation.type", "process").SetTag("messaging.batch.message_count", events.Count);
        var started = Stopwatch.GetTimestamp();
        MessagingTelemetry.Consumed.Add(events.Count, MessagingTelemetry.System(system), MessagingTelemetry.Destination(topic), MessagingTelemetry.Group(subscriber));
        try
        {
            await handler(events, ct);
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message).SetTag("error.type", e.GetType().Name);
            MessagingTelemetry.Failed.Add(1, MessagingTelemetry.Destination(topic), MessagingTelemetry.Group(subscriber),
                new KeyValuePair<string, object?>("error.type", e.GetType().Name));
            throw;
        }
        finally
        {
            MessagingTelemetry.ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                MessagingTelemetry.System(system), MessagingTelemetry.Destination(topic), MessagingTelemetry.Group(subscriber));
        }
    }

    private Activity? StartPublish(string topic, int count) =>
        MessagingTelemetry.Source.StartActivity($"publish {topic}", ActivityKind.Producer)?
            .SetTag("messaging.system", system).SetTag("messaging.destination.name", topic)
            .SetTag("messaging.operation.type", "send").SetTag("messaging.batch.message_count", count);

    /// <summary>The event carrying the producer span's context, or the caller's when there is no span.</summary>
    private static CloudEvent Stamped(CloudEvent cloudEvent, Activity? span)
    {
        var context = span?.Id ?? (cloudEvent.TraceParent is null ? Activity.Current?.Id : null);
        return context is null || context == cloudEvent.TraceParent ? cloudEvent : cloudEvent with { TraceParent = context };
    }
}
