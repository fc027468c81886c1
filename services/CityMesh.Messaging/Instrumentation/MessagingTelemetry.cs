using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CityMesh.Messaging.Instrumentation;

/// <summary>
/// The bus's traces and metrics, in the OpenTelemetry messaging conventions where they have a name
/// (<c>messaging.client.sent.messages</c>, <c>messaging.client.consumed.messages</c>, <c>messaging.process.duration</c>)
/// and under <c>citymesh.bus.*</c> where they do not (dead letters, handler retries, consumer lag). Declared with the
/// .NET APIs only: a host that runs OpenTelemetry (CityMesh.Observability) listens to <see cref="SourceName"/>; a test or
/// a tool that does not pays nothing.
/// </summary>
public static class MessagingTelemetry
{
    public const string SourceName = "CityMesh.Messaging";

    public static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>(
        "messaging.client.sent.messages", "{message}", "Events published, by topic");

    public static readonly Counter<long> Consumed = Meter.CreateCounter<long>(
        "messaging.client.consumed.messages", "{message}", "Events handed to a subscriber, redeliveries included");

    public static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram<double>(
        "messaging.process.duration", "s", "Time a subscriber took over a delivery (one event or a batch)");

    public static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        "citymesh.bus.handler.failures", "{attempt}", "Deliveries a subscriber failed; the bus retries them, then dead-letters");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "citymesh.bus.dead_letters", "{message}", "Events sent to <topic>.dlq after their retries, or because they could not be read");

    /// <summary>One event dead-lettered by <paramref name="subscriber"/> on <paramref name="topic"/>, and why (the error's type).</summary>
    public static void CountDeadLetter(string topic, string subscriber, string error) =>
        DeadLettered.Add(1, Destination(topic), Group(subscriber), new KeyValuePair<string, object?>("error.type", error));

    private static readonly ConcurrentDictionary<(string Topic, string Subscriber, int Partition), long> Lag = new();

    static MessagingTelemetry()
    {
        Meter.CreateObservableGauge("citymesh.bus.consumer.lag", ObserveLag, "{message}",
            "Messages on the topic a subscriber has not read yet (Kafka: the high watermark less the next offset to read)");
    }

    /// <summary>What a Kafka subscription knew of one partition's backlog after its last batch.</summary>
    public static void RecordLag(string topic, string subscriber, int partition, long messages) => Lag[(topic, subscriber, partition)] = Math.Max(0, messages);

    /// <summary>A subscription that stopped forgets its partitions, so its lag does not stay frozen on the gauge.</summary>
    public static void ForgetLag(string topic, string subscriber)
    {
        foreach (var key in Lag.Keys)
            if (key.Topic == topic && key.Subscriber == subscriber) Lag.TryRemove(key, out _);
    }

    private static IEnumerable<Measurement<long>> ObserveLag() =>
        Lag.GroupBy(p => (p.Key.Topic, p.Key.Subscriber))
            .Select(g => new Measurement<long>(g.Sum(p => p.Value), Destination(g.Key.Topic), Group(g.Key.Subscriber)));

    public static KeyValuePair<string, object?> System(string system) => new("messaging.system", system);
    public static KeyValuePair<string, object?> Destination(string topic) => new("messaging.destination.name", topic);
    public static KeyValuePair<string, object?> Group(string subscriber) => new("messaging.consumer.group.name", subscriber);
}
