using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Operator.Observability;

/// <summary><c>/healthz</c> and <c>/readyz</c> (plain-text reason, 200 or 503); <c>/metrics</c> is OpenTelemetry's (CityMesh.Observability).</summary>
public static class OperatorEndpoints
{
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (OperatorHealth health) => Answer(health.Live()));
        endpoints.MapGet("/readyz", (OperatorHealth health) => Answer(health.Ready()));
        return endpoints;
    }

    private static IResult Answer(ProbeResult probe) =>
        Results.Text(probe.Reason + "\n", "text/plain; charset=utf-8", statusCode: probe.Ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
