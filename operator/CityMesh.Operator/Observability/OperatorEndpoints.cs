using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Operator.Observability;

/// <summary><c>/healthz</c>, <c>/readyz</c> (plain-text reason, 200 or 503) and <c>/metrics</c> (Prometheus text 0.0.4).</summary>
public static class OperatorEndpoints
{
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (OperatorHealth health) => Answer(health.Live()));
        endpoints.MapGet("/readyz", (OperatorHealth health) => Answer(health.Ready()));
        endpoints.MapGet("/metrics", (OperatorMetrics metrics) =>
            Results.Text(MetricsExposition.Render(metrics), PrometheusWriter.ContentType));
        return endpoints;
    }

    private static IResult Answer(ProbeResult probe) =>
        Results.Text(probe.Reason + "\n", "text/plain; charset=utf-8", statusCode: probe.Ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
