using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Ngsi.Problems;

/// <summary>
/// Turns every failure of an NGSI-LD endpoint into NGSI-LD problem details: the model's and the parsers' exceptions
/// become 4xx naming the field; anything else is logged with its stack trace and answered as InternalError without
/// internals. A deliberate refusal that is 5xx (a remote @context that cannot be had: 503) is the client's
/// doing, not a fault: it is logged as one line with its reason.
/// </summary>
public sealed class NgsiErrorFilter(ILogger<NgsiErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (Exception e) when (ToProblem(e) is { } problem && !http.Response.HasStarted)
        {
            if (problem.Status >= 500 && e is NgsiProblemException)
            {
                // ContextSource logs why a context cannot be had, once per URL and reason rather than per request.
                if (problem.Type != NgsiProblem.TypeBase + "LdContextNotAvailable")
                    logger.LogWarning("NGSI-LD {Method} {Path} refused with {Status}: {Detail}", http.Request.Method, http.Request.Path, problem.Status, problem.Detail);
            }
            else if (problem.Status >= 500)
                logger.LogError(e, "NGSI-LD {Method} {Path} failed", http.Request.Method, http.Request.Path);
            return new NgsiProblemResult(problem);
        }
    }

    /// <summary>The problem an exception stands for; null lets cancellation through.</summary>
    public static NgsiProblem? ToProblem(Exception e) => e switch
    {
        OperationCanceledException => null,
        NgsiProblemException p => p.Problem,
        InvalidEntityException i => NgsiProblem.BadRequestData(i.Message, i.Field),
        GeoJsonException g => NgsiProblem.BadRequestData(g.Message, g.Field),
        QueryParseException q => NgsiProblem.BadRequestData(q.Message, "q"),
        QueryPatternException p => NgsiProblem.BadRequestData(p.Message, p.Parameter),
        BadHttpRequestException b => NgsiProblem.InvalidRequest(b.Message, b.StatusCode),
        _ => NgsiProblem.InternalError(),
    };
}
