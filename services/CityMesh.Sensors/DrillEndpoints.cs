using System.Text.Json;
using CityMesh.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Sensors;

/// <summary>
/// What every drill endpoint (storm, leak, load) does around its own part: map <c>/sensors/drills/{drill}</c> for
/// operators, refuse while the simulated sensors are off (a city fed by real sensors is not drilled: 409), read the JSON
/// body, check a bounded factor, and refuse as problem details whose <c>field</c> extension and detail name the field at
/// fault.
/// </summary>
internal static class DrillEndpoints
{
    /// <summary>POST starts the drill, DELETE (where it has one) ends it; operators only.</summary>
    public static IEndpointRouteBuilder MapDrill(this IEndpointRouteBuilder endpoints, string drill, Func<HttpContext, CancellationToken, Task<IResult>> start,
        Func<HttpContext, IResult>? end = null)
    {
        endpoints.MapPost($"/sensors/drills/{drill}", start).RequireAuthorization(Roles.Policy.Operator).WithTags("Sensors");
        if (end is not null) endpoints.MapDelete($"/sensors/drills/{drill}", end).RequireAuthorization(Roles.Policy.Operator).WithTags("Sensors");
        return endpoints;
    }

    /// <summary>The 409 for a drill while the simulated sensors are off.</summary>
    /// <param name="nothing">What there is then nothing of ("leak to mend"); null to say no more.</param>
    public static IResult SensorsOff(string? nothing) =>
        Problem(StatusCodes.Status409Conflict, "sensors", $"the simulated sensors are off ({TelemetrySimulatorOptions.Section}:Enabled)" +
                                                          (nothing is null ? "" : $": there is no simulated {nothing}"));

    /// <summary>
    /// The body as <typeparamref name="T"/>, or a 400 naming the field (or <c>body</c>) that is not valid JSON.
    /// </summary>
    /// <param name="optional">
    /// True where every field is optional: no body at all is read as null. Otherwise an empty body is not valid JSON.
    /// </param>
    public static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpRequest request, bool optional, CancellationToken ct) where T : class
    {
        if (optional && request.ContentLength is 0) return (null, null);
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, JsonSerializerOptions.Web, ct), null);
        }
        catch (JsonException e)
        {
            var field = e.Path is null ? "" : e.Path.TrimStart('$').TrimStart('.');
            return (null, Problem(StatusCodes.Status400BadRequest, field.Length > 0 ? field : "body", $"is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>A 400 naming <paramref name="field"/> unless <paramref name="value"/> is above 0 and at most <paramref name="max"/>; else null.</summary>
    public static IResult? AboveZeroAtMost(string field, double value, double max) =>
        value > 0 && value <= max ? null : Problem(StatusCodes.Status400BadRequest, field, $"must be above 0 and at most {max}, not {value}");

    /// <summary>Problem details whose detail starts with the field and whose <c>field</c> extension names it.</summary>
    public static IResult Problem(int status, string field, string detail) =>
        Results.Problem(statusCode: status, detail: $"{field}: {detail}", extensions: new Dictionary<string, object?> { ["field"] = field });
}
