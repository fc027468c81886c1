using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin;
using CityMesh.Twin.Ingestion;
using CityMesh.Twin.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core.Interceptors;
using OpenTelemetry.Trace;
using static CityMesh.Server.Tests.Ingestion.GrpcTwinHost;

namespace CityMesh.Server.Tests.Tracing;

/// <summary>
/// One reading followed through a real server (<c>--target twin</c>, the in-memory bus): from the gateway's gRPC call
/// onto <c>telemetry.raw</c>, into the twin, out on <c>twin.changed</c> to the dashboard's feed, all in one trace, and
/// the same work counted on <c>/metrics</c>.
/// </summary>
public sealed class ReadingTraceTests : IAsyncLifetime
{
    // The exporter adds from its own thread while the test reads: every access takes the collection's lock.
    private readonly LockedSpans _spans = new();
    private readonly ScopeCapture _logs = new();
    private WebApplication _app = null!;
    private Uri _http = null!;

    public async Task InitializeAsync()
    {
        _app = CityMeshHost.Build(["--target", "twin"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CityMesh:Twin:Store"] = "memory",
                [GrpcPort.Key] = "0",
                ["CityMesh:Telemetry:Ingest:MaxWait"] = "00:00:00.005",
                ["CityMesh:Metrics:StoreReadInterval"] = "00:00:00.200",
                ["Logging:LogLevel:Default"] = "Warning",
            }).AddInMemoryCollection(TestAccess.Settings());
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            builder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs);
        });
        await _app.StartAsync();
        var grpc = _app.Services.GetRequiredService<GrpcPort>().Address;
        _http = new Uri(_app.Urls.First(u => new Uri(u).Port != grpc.Port));
        await _app.Services.GetRequiredService<TwinService>().CreateAsync(new Entity
        {
            Id = Detector,
            Type = EntityTypes.TrafficFlowObserved,
            Location = new Point(117.02, 36.66),
            Properties = new Dictionary<string, Property> { ["intensity"] = new(TwinValue.Of(10), "E50", T0) },
        });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task One_reading_is_one_trace_from_the_gateway_call_to_the_dashboard_feed_and_is_counted_on_metrics()
    {
        using (var channel = Grpc.Net.Client.GrpcChannel.ForAddress(_app.Services.GetRequiredService<GrpcPort>().Address))
        {
            var gateway = new TelemetryIngestion.TelemetryIngestionClient(channel.Intercept(metadata =>
            {
                metadata.Add("x-api-key", TestAccess.KeyOf("data-provider"));
                return metadata;
            }));
            using var call = gateway.IngestTelemetry();
            await call.RequestStream.WriteAsync(Batch(Number(Detector, "intensity", 77, T0.AddMinutes(1), "E50")));
            await call.RequestStream.CompleteAsync();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(1, call.ResponseStream.Current.Published);
        }

        // Listeners are process-wide, so other tests' gateway calls are exported here too: ours is the call to this host's port.
        string port = _app.Services.GetRequiredService<GrpcPort>().Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var gatewayCall = await Eventually(() => Spans().FirstOrDefault(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("IngestTelemetry")
            && Convert.ToString(s.GetTagItem("server.port"), System.Globalization.CultureInfo.InvariantCulture) == port));
        var feed = await Eventually(() => Spans().FirstOrDefault(s =>
            s.TraceId == gatewayCall.TraceId && s.DisplayName == "process twin.changed" && Group(s) == "dashboard-vm"));

        // Each hop the child of the one before, in one trace.
        var trace = Spans().Where(s => s.TraceId == gatewayCall.TraceId).ToList();
        var publishRaw = Single(trace, "publish telemetry.raw", ActivityKind.Producer, parent: gatewayCall);
        var processRaw = Single(trace, "process telemetry.raw", ActivityKind.Consumer, parent: publishRaw);
        Assert.Equal("twin-telemetry", Group(processRaw));
        var apply = Single(trace, "twin apply", ActivityKind.Internal, parent: processRaw);
        var publishChanged = Single(trace, "publish twin.changed", ActivityKind.Producer, parent: apply);
        Assert.Equal(publishChanged.SpanId, feed.ParentSpanId);
        Assert.Equal("memory", publishRaw.GetTagItem("messaging.system"));
        Assert.Equal(1, processRaw.GetTagItem("messaging.batch.message_count"));

        // The same work on /metrics, as Prometheus scrapes it.
        using var http = new HttpClient { BaseAddress = _http };
        var metrics = await Eventually(async () =>
        {
            var text = await http.GetStringAsync("/metrics");
            return Values(text, "citymesh_ingest_readings_total", "citymesh_outcome=\"applied\"").Any(v => v >= 1)
                && Values(text, "citymesh_twin_entities", "citymesh_entity_type=\"TrafficFlowObserved\"").Contains(1) ? text : null;
        });
        Assert.Contains(Values(metrics, "messaging_client_sent_messages_total", "messaging_destination_name=\"telemetry.raw\""), v => v >= 1);
        Assert.Contains(Values(metrics, "messaging_client_consumed_messages_total", "messaging_consumer_group_name=\"twin-telemetry\""), v => v >= 1);
        Assert.Contains(Values(metrics, "messaging_process_duration_seconds_count", "messaging_destination_name=\"twin.changed\""), v => v >= 1);
        Assert.Contains(Values(metrics, "citymesh_twin_store_duration_seconds_count", "db_operation_name=\"apply\""), v => v >= 1);
        Assert.Contains(0, Values(metrics, "citymesh_ingest_readings_total", "citymesh_outcome=\"rejected\""));
        Assert.Contains("http_server_request_duration_seconds", metrics);
        Assert.Contains("dotnet_gc_collections_total", metrics);
        // Seconds in seconds' buckets: a sub-millisecond write lands below 5 ms, not in a bucket meant for milliseconds.
        Assert.Contains("citymesh_twin_store_duration_seconds_bucket{otel_scope_name=\"CityMesh.Twin\",db_operation_name=\"apply\",le=\"0.005\"}", metrics);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public void A_log_line_written_during_traced_work_carries_its_trace_and_span_ids()
    {
        using var source = new ActivitySource("CityMesh.Tests.Logs");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "CityMesh.Tests.Logs",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var logger = _app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("CityMesh.Tests");
        using (var work = source.StartActivity("work")!)
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logger, "inside the work");
            var scope = Assert.Single(_logs.Lines, l => l.Message == "inside the work").Scope;
            Assert.Equal(work.TraceId.ToHexString(), scope["TraceId"]);
            Assert.Equal(work.SpanId.ToHexString(), scope["SpanId"]);
        }
    }

    /// <summary>Records each log line with the scope values in force, as a console or OTLP exporter would see them.</summary>
    private sealed class ScopeCapture : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ISupportExternalScope
    {
        private Microsoft.Extensions.Logging.IExternalScopeProvider? _scopes;
        public System.Collections.Concurrent.ConcurrentQueue<(string Message, Dictionary<string, string?> Scope)> Lines { get; } = new();

        public void SetScopeProvider(Microsoft.Extensions.Logging.IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose() { }

        private sealed class Logger(ScopeCapture owner) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
                Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, string?>();
                owner._scopes?.ForEachScope((value, values) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                        foreach (var (key, item) in pairs) values[key] = item?.ToString();
                }, scope);
                owner.Lines.Enqueue((formatter(state, exception), scope));
            }
        }
    }

    private List<Activity> Spans() => _spans.Snapshot();

    private static string? Group(Activity span) => span.GetTagItem("messaging.consumer.group.name") as string;

    private static Activity Single(List<Activity> trace, string name, ActivityKind kind, Activity parent)
    {
        var span = Assert.Single(trace, s => s.DisplayName == name && s.ParentSpanId == parent.SpanId);
        Assert.Equal(kind, span.Kind);
        return span;
    }

    /// <summary>
    /// Every sample of a metric whose labels include <paramref name="label"/>. Several, when other test hosts run in
    /// this process at the same time: a meter is seen by every listener in the process, so this host's exporter also
    /// shows theirs (one host per process, as in production, shows its own alone).
    /// </summary>
    private static List<double> Values(string exposition, string metric, string label) =>
        [.. exposition.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal))
            .Select(l => double.Parse(Regex.Match(l, @"\}\s+(\S+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    private static async Task<T> Eventually<T>(Func<T?> probe) where T : class => await Eventually(() => Task.FromResult(probe()));

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found) return found;
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("not seen within 30 s");
            await Task.Delay(50);
        }
    }
}
