using System.Buffers;
using System.Diagnostics;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Cli.Bench;

/// <param name="Observations">Readings published in all.</param>
/// <param name="Sensors">Sensors (entities) seeded in the memory store; each event carries one sensor's readings.</param>
/// <param name="ReadingsPerEvent">Attributes each sensor reports per tick.</param>
/// <param name="BatchEvents">The ingestor's MaxEvents (<c>CityMesh:Telemetry:Ingest:MaxEvents</c>): events per twin write.</param>
/// <param name="BatchWait">The ingestor's MaxWait: how long a partial batch waits.</param>
public sealed record IngestBenchmarkOptions(string Transport, int Observations, int Sensors, int ReadingsPerEvent, int BatchEvents, TimeSpan BatchWait);

/// <summary>
/// <c>citymesh bench ingest</c>: protobuf ReadingBatch events through the bus into the <see cref="TelemetryIngestor"/>
/// and a <see cref="MemoryTwinStore"/>. Reports observations/s end to end, p99 latency from publish (the event's time)
/// to applied (the ingestor's BatchApplied), and lost and duplicated observations checked against the twin's final
/// state: every sensor's attributes must hold its last tick's value and instant.
/// </summary>
public sealed partial class IngestBenchmark(IngestBenchmarkOptions options, TextWriter output)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private const string Source = "/citymesh/bench/ingest";

    /// <summary>Observations of the warm-up run, at most.</summary>
    private const int WarmUpObservations = 100_000;

    /// <summary>This instance is the warm-up: the measured path only, its report discarded.</summary>
    private bool WarmingUp { get; init; }

    public async Task<IngestBenchmarkResult> RunAsync(CancellationToken ct)
    {
        if (options.Transport is not ("kafka" or "memory"))
            throw new Commands.UsageException($"--transport is '{options.Transport}'; use memory or kafka.");
        await WarmUpAsync(ct);
        return await RunTransportAsync(ct);
    }

    /// <summary>
    /// The same path, shorter, first: a path's first seconds run unoptimised code while the JIT tiers it up, and the
    /// peers measured after it would run warm, so the measured run would pay for compilation its peers do not.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken ct)
    {
        var observations = Math.Min(options.Observations, WarmUpObservations) / options.ReadingsPerEvent * options.ReadingsPerEvent;
        var warmUp = new IngestBenchmark(options with { Observations = observations, Sensors = Math.Min(options.Sensors, 10_000) }, TextWriter.Null)
        {
            WarmingUp = true,
        };
        var result = await warmUp.RunTransportAsync(ct);
        output.WriteLine($"warm-up: {result.Observations:N0} observations through the same path, not counted");
    }

    private async Task<IngestBenchmarkResult> RunTransportAsync(CancellationToken ct)
    {
        if (options.Transport == "kafka") return await RunKafkaAsync(ct);
        // A queue of a few ingest batches: back-pressure keeps the publisher from running seconds ahead of the twin.
        await using var bus = new InMemoryEventBus(new InMemoryEventBusOptions { Capacity = 8_000 });
        return await RunOnAsync(bus, (topic, events, _) => PublishAllAsync(bus, topic, events, ct), () => 0, ct);
    }

    private static async Task PublishAllAsync(IEventBus bus, string topic, IEnumerable<CloudEvent> events, CancellationToken ct)
    {
        foreach (var e in events) await bus.PublishAsync(topic, e, ct);
    }

    /// <summary>
    /// The measured run on a given bus; <paramref name="publish"/> sends the events in order, and may pace itself by
    /// the count of events applied so far it is given. <paramref name="skipped"/> counts events the transport lost
    /// for good (retention): the run ends when every event was applied or lost, and reports the lost.
    /// </summary>
    internal async Task<IngestBenchmarkResult> RunOnAsync(IEventBus bus, Func<string, IEnumerable<CloudEvent>, Func<long>, Task> publish,
        Func<long> skipped, CancellationToken ct)
    {
        var store = new MemoryTwinStore();
        var ids = await SeedAsync(store, ct);
        var ingestor = new TelemetryIngestor(bus, new TwinService(store, bus), NullLogger<TelemetryIngestor>.Instance,
            new TelemetryIngestorOptions { MaxEvents = options.BatchEvents, MaxWait = options.BatchWait });
        var eventCount = options.Observations / options.ReadingsPerEvent;
        var latencies = new double[eventCount];
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = 0;
        ingestor.BatchApplied += events =>
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var e in events)
            {
                var i = Interlocked.Increment(ref handled) - 1;
                if (i < latencies.Length) latencies[i] = (now - e.Time).TotalMilliseconds;
            }
            if (Volatile.Read(ref handled) >= eventCount) done.TrySetResult();
        };
        var ingestorSubscription = bus.SubscribeBatch(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, ingestor.HandleAsync, ingestor.Batches);

        output.WriteLine($"ingest ({options.Transport}): {eventCount:N0} events x {options.ReadingsPerEvent} readings = " +
            $"{eventCount * options.ReadingsPerEvent:N0} observations over {options.Sensors:N0} sensors; " +
            $"ingest batches of up to {options.BatchEvents:N0} events or {options.BatchWait.TotalMilliseconds:N0} ms");
        // citymesh-server runs server GC; this tool runs workstation GC unless told otherwise, which costs the
        // ingest path about 15 % (more collections of a smaller gen0).
        output.WriteLine(System.Runtime.GCSettings.IsServerGC
            ? "  server GC, as citymesh-server runs"
            : "  workstation GC: citymesh-server runs server GC; DOTNET_gcServer=1 measures the ingest path as it runs there");
        var payloads = MakePayloads(ids, eventCount);
        var cost = ProcessCost.Now();
        var clock = Stopwatch.StartNew();
        await publish(Topics.TelemetryRaw, Events(ids, payloads), () => Volatile.Read(ref handled));
        var deadline = Stopwatch.StartNew();
        while (!done.Task.IsCompleted && Volatile.Read(ref handled) + skipped() < eventCount)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException($"{Volatile.Read(ref handled):N0} of {eventCount:N0} events applied after 10 minutes");
            await Task.WhenAny(done.Task, Task.Delay(50, ct));
        }
        var elapsed = clock.Elapsed;
        var spent = ProcessCost.Now().Since(cost);
        await ingestorSubscription.DisposeAsync();

        var observations = (long)eventCount * options.ReadingsPerEvent;
        var (lost, duplicated) = await CheckAsync(store, ids, eventCount, ingestor);
        Array.Sort(latencies);
        var result = new IngestBenchmarkResult(observations, elapsed, observations / elapsed.TotalSeconds,
            latencies[Math.Clamp((int)Math.Ceiling(0.99 * latencies.Length) - 1, 0, latencies.Length - 1)], lost, duplicated, ingestor.Rejected);
        output.WriteLine($"  {result.ObservationsPerSecond,12:N0} obs/s end to end ({elapsed.TotalSeconds:F2} s)");
        output.WriteLine($"  {result.P99Milliseconds,12:F1} ms p99 publish -> twin");
        output.WriteLine($"  {lost,12:N0} lost, {duplicated:N0} applied twice, {ingestor.Rejected:N0} rejected");
        output.WriteLine($"  {spent.Per(eventCount, "event")} (publisher, bus, ingestor and twin together)");
        await store.DisposeAsync();
        return result;
    }

    private async Task<string[]> SeedAsync(MemoryTwinStore store, CancellationToken ct)
    {
        var ids = new string[options.Sensors];
        var batch = new List<Entity>(1000);
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = SensorId(i);
            var properties = new Dictionary<string, Property>();
            for (var a = 0; a < options.ReadingsPerEvent; a++) properties[$"a{a}"] = new Property(TwinValue.Of(-1), null, T0.AddDays(-1));
            batch.Add(new Entity { Id = ids[i], Type = EntityTypes.TrafficFlowObserved, Properties = properties });
            if (batch.Count == 1000 || i == ids.Length - 1)
            {
                await store.UpsertAsync(batch, UpsertMode.Replace, ct);
                batch.Clear();
            }
        }
        return ids;
    }

    private static string SensorId(int i) => $"urn:ngsi-ld:TrafficFlowObserved:bench:d{i}";

    /// <summary>
    /// Event k's data: sensor k mod N's tick k / N as a protobuf ReadingBatch, values encoding (k, attribute) so the
    /// final state is checkable. Made before the clock starts, as the bare peer's payload is: serialising readings is
    /// the sensor's (gateway's) work, not the bus's or the twin's. All in one array: a million payloads as a million
    /// arrays would be a million objects every collection during the run traces, a cost of the bench, not of the twin.
    /// </summary>
    private Payloads MakePayloads(string[] ids, int eventCount)
    {
        var bytes = new ArrayBufferWriter<byte>(eventCount * (32 + 48 * options.ReadingsPerEvent));
        var starts = new int[eventCount + 1];
        for (var k = 0; k < eventCount; k++)
        {
            var id = ids[k % ids.Length];
            var at = Timestamp.FromDateTimeOffset(T0.AddSeconds(k / ids.Length));
            var batch = new ReadingBatch();
            for (var a = 0; a < options.ReadingsPerEvent; a++)
                batch.Readings.Add(new Reading { EntityId = id, Attribute = AttributeNames[a], Number = k * 10 + a, ObservedAt = at });
            starts[k] = bytes.WrittenCount;
            Google.Protobuf.MessageExtensions.WriteTo(batch, bytes);
        }
        starts[eventCount] = bytes.WrittenCount;
        return new Payloads(bytes.WrittenMemory, starts);
    }

    /// <summary>Payload k is <c>Bytes[Starts[k]..Starts[k + 1]]</c>.</summary>
    private sealed record Payloads(ReadOnlyMemory<byte> Bytes, int[] Starts)
    {
        public int Count => Starts.Length - 1;

        public ReadOnlyMemory<byte> this[int k] => Bytes[Starts[k]..Starts[k + 1]];
    }

    /// <summary>Event k carries payload k from sensor k mod N, stamped (Time) as it is published: the latency runs from there to the twin.</summary>
    private static IEnumerable<CloudEvent> Events(string[] ids, Payloads payloads)
    {
        for (var k = 0; k < payloads.Count; k++)
        {
            yield return new CloudEvent
            {
                Id = "b" + k, Source = Source, Type = TelemetryContent.EventType, Subject = ids[k % ids.Length],
                DataContentType = TelemetryContent.ContentType, BinaryData = payloads[k],
            };
        }
    }

    private string[]? _attributeNames;

    private string[] AttributeNames => _attributeNames ??= [.. Enumerable.Range(0, options.ReadingsPerEvent).Select(a => $"a{a}")];

    /// <summary>
    /// Lost: sensor attributes whose current value is not their last tick's, plus readings the ingestor never counted.
    /// Duplicated: readings applied more than the published count, or seen by the twin as already held.
    /// </summary>
    private async Task<(long Lost, long Duplicated)> CheckAsync(MemoryTwinStore store, string[] ids, int eventCount, TelemetryIngestor ingestor)
    {
        long wrong = 0;
        for (var i = 0; i < ids.Length && i < eventCount; i++)
        {
            var last = i + (eventCount - 1 - i) / ids.Length * ids.Length; // the last event for sensor i
            var entity = await store.GetAsync(ids[i]);
            for (var a = 0; a < options.ReadingsPerEvent; a++)
            {
                var p = entity!.Properties[AttributeNames[a]];
                if (p.Value.Number != last * 10 + a || p.ObservedAt != T0.AddSeconds(last / ids.Length)) wrong++;
            }
        }
        var published = (long)eventCount * options.ReadingsPerEvent;
        var counted = ingestor.Applied + ingestor.HistoryOnly;
        return (wrong + Math.Max(0, published - counted - ingestor.Duplicates), Math.Max(0, counted - published) + ingestor.Duplicates);
    }
}

public sealed record IngestBenchmarkResult(
    long Observations, TimeSpan Elapsed, double ObservationsPerSecond, double P99Milliseconds, long Lost, long Duplicated, long Rejected);
