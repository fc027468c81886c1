using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CityMesh.Observability;

/// <summary>
/// OpenTelemetry for a CityMesh process, the same in every target and the operator. Traces: incoming HTTP and gRPC,
/// outgoing HTTP and gRPC, PostgreSQL (Npgsql), and every <c>CityMesh.*</c> source (each bus hop, twin writes,
/// scenario runs). Metrics: the same, plus the .NET runtime and every <c>CityMesh.*</c> meter. Export: Prometheus
/// text at <see cref="MetricsPath"/> always, and OTLP (traces, metrics and logs) when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, with the other standard <c>OTEL_*</c> variables (sampler, headers,
/// resource attributes) honoured. Log lines carry the trace and span ids of the work they belong to.
/// </summary>
public static class CityMeshTelemetry
{
    /// <summary>Every CityMesh <see cref="System.Diagnostics.ActivitySource"/> and meter is named under this prefix.</summary>
    public const string Prefix = "CityMesh";

    public const string MetricsPath = "/metrics";

    /// <summary>The OTLP endpoint variable of the OpenTelemetry specification; OTLP export is on when it is set.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <param name="serviceName">The <c>service.name</c> resource attribute, e.g. <c>citymesh-twin</c>.</param>
    public static IHostApplicationBuilder AddCityMeshTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var version = typeof(CityMeshTelemetry).Assembly.GetName().Version?.ToString(3);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: version))
            .WithTracing(tracing => tracing
                .AddSource(Prefix + ".*")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsPlumbing(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddGrpcClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(Prefix + ".*")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql")
                .AddView(instrument => IsOursInSeconds(instrument) ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets } : null)
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            builder.Logging.AddOpenTelemetry(logs =>
            {
                logs.IncludeFormattedMessage = true;
                logs.IncludeScopes = true;
            });
            telemetry.UseOtlpExporter();
        }

        // The trace and span ids ride on every log line's scope, and the console shows scopes.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        return builder;
    }

    /// <summary>Maps the Prometheus scraping endpoint (anonymous, like the probes; the chart's network policy admits the scraper).</summary>
    public static IEndpointConventionBuilder MapCityMeshMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);

    /// <summary>
    /// Buckets for CityMesh's durations in seconds, from a twin write of a few readings (sub-millisecond) to a batch
    /// held up by a slow database (tens of seconds): the SDK's default buckets are in milliseconds' scale.
    /// </summary>
    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static bool IsOursInSeconds(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Unit == "s" && instrument.Meter.Name.StartsWith(Prefix + ".", StringComparison.Ordinal);

    /// <summary>Probes and scrapes, which would otherwise be most of a quiet service's traces.</summary>
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments(MetricsPath);
}
