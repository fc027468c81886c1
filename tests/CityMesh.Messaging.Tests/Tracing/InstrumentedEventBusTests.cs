using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CityMesh.Messaging.Instrumentation;
using CityMesh.Messaging.Kafka;

namespace CityMesh.Messaging.Tests.Tracing;

/// <summary>What the traced bus adds over the in-memory transport: spans that join producer and consumer, and its counts.</summary>
public sealed class InstrumentedEventBusTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private const string TestSourceName = "CityMesh.Tests.Tracing";
    private static readonly ActivitySource Test = new(TestSourceName);

    public InstrumentedEventBusTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MessagingTelemetry.SourceName || s.Name == TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private static CloudEvent Event(int n, string? traceParent = null) =>
        CloudEvent.Create("/test", "io.citymesh.test", new { n }) with { TraceParent = traceParent };

    [Fact]
    public async Task A_published_event_carries_the_producer_span_and_its_handler_runs_in_a_child_consumer_span()
    {
        var topic = "trace." + Guid.NewGuid().ToString("N");
        await using var memory = new InMemoryEventBus();
        var bus = new InstrumentedEventBus(memory, "memory");
        var seen = new TaskCompletionSource<(CloudEvent Event, string? Current)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var _ = bus.Subscribe(topic, "reader", (e, _) =>
        {
            seen.TrySetResult((e, Activity.Current?.Id));
            return Task.CompletedTask;
        });

        using (Test.StartActivity("sensor reads"))
            await bus.PublishAsync(topic, Event(1));
        var (delivered, current) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var publish = await SpanAsync($"publish {topic}");
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal(publish.Id, delivered.TraceParent); // the event names the producer span
        var process = await SpanAsync($"process {topic}");
        Assert.Equal((ActivityKind.Consumer, publish.TraceId, publish.SpanId), (process.Kind, process.TraceId, process.ParentSpanId));
        Assert.Equal(process.Id, current); // the handler ran inside it, so what it publishes joins the trace
        Assert.Equal("reader", process.GetTagItem("messaging.consumer.group.name"));
    }

    [Fact]
    public async Task A_batch_from_many_traces_starts_its_own_and_links_to_theirs_and_a_failure_is_marked_and_counted()
    {
        var topic = "trace." + Guid.NewGuid().ToString("N");
        var failures = new ConcurrentQueue<long>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MessagingTelemetry.SourceName && instrument.Name == "citymesh.bus.handler.failures") listener.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "messaging.destination.name" && (string?)tag.Value == topic) failures.Enqueue(value);
        });
        meters.Start();
        var traces = Enumerable.Range(0, 3).Select(_ => ActivityTraceId.CreateRandom()).ToArray();
        var events = traces.Select((t, i) => Event(i, $"00-{t}-{ActivitySpanId.CreateRandom()}-01")).ToList();
        await using var memory = new InMemoryEventBus(new InMemoryEventBusOptions { MaxAttempts = 1 });
        var bus = new InstrumentedEventBus(memory, "memory");
        var attempts = 0;
        await using var _ = bus.SubscribeBatch(topic, "batcher", (batch, _) =>
            Interlocked.Increment(ref attempts) == 1 && batch.Count == 3 ? throw new InvalidOperationException("first attempt fails") : Task.CompletedTask,
            new BatchOptions { MaxEvents = 3, MaxWait = TimeSpan.FromSeconds(1) });

        await memory.PublishBatchAsync(topic, events); // as a remote producer sent them, each from its own trace

        var process = await SpanAsync($"process {topic}", s => s.Status == ActivityStatusCode.Error);
        Assert.Equal(traces.Select(t => t.ToHexString()).Order(), process.Links.Select(l => l.Context.TraceId.ToHexString()).Order());
        Assert.DoesNotContain(process.TraceId, traces);
        Assert.Equal("InvalidOperationException", process.GetTagItem("error.type"));
        Assert.Equal(3, process.GetTagItem("messaging.batch.message_count"));
        Assert.Equal([1L], failures);
    }

    [Fact]
    public void A_traced_event_names_its_trace_in_a_kafka_header_and_an_untraced_one_shares_the_single_header()
    {
        var traced = KafkaCloudEventCodec.Encode(Event(1, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            System.Text.Encoding.UTF8.GetString(traced.Headers.GetLastBytes(KafkaCloudEventCodec.TraceParentHeader)));
        Assert.True(KafkaCloudEventCodec.TryDecode(traced, out var decoded, out _));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", decoded.TraceParent);
        Assert.Single(KafkaCloudEventCodec.Encode(Event(2)).Headers);
    }

    private async Task<Activity> SpanAsync(string name, Func<Activity, bool>? also = null)
    {
        for (var i = 0; i < 500; i++)
        {
            if (_spans.FirstOrDefault(s => s.DisplayName == name && (also is null || also(s))) is { } span) return span;
            await Task.Delay(20);
        }
        throw new TimeoutException($"no span '{name}'");
    }
}
