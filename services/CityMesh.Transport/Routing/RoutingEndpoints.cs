using System.Text.Json;
using CityMesh.Access;
using CityMesh.Limits.Settings;
using CityMesh.Transport.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityMesh.Transport.Routing;

/// <summary><c>POST /routes</c> under the transport group: the fastest route, its ETA and the signals to pre-empt.</summary>
public static class RoutingEndpoints
{
    /// <summary>Seconds a caller is told to wait when the twin has not been read yet.</summary>
    internal const int RetryAfterSeconds = 5;

    /// <summary>The planner with its options from <c>CityMesh:Transport:Routing</c> (see <see cref="TravelTimeOptions"/>).</summary>
    public static IServiceCollection AddRoutePlanning(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked here so a bad setting stops start, naming its key, rather than failing the first request.
        var options = configuration.ReadSettings<TravelTimeOptions>();
        services.TryAddSingleton(sp => new RoutePlanner(options, sp.GetService<TimeProvider>()));
        return services;
    }

    public static RouteGroupBuilder MapRoutes(this RouteGroupBuilder transportGroup)
    {
        transportGroup.MapPost("/routes", Route).RequireAuthorization(Roles.Policy.Viewer);
        return transportGroup;
    }

    private static async Task<IResult> Route(HttpContext context, TransportView view, RoutePlanner planner)
    {
        RouteRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<RouteRequest>(context.Request.Body, JsonSerializerOptions.Web, context.RequestAborted);
        }
        catch (JsonException e)
        {
            return Problem(new RouteProblem(400, Field(e.Path), $"is not valid: {e.Message}"));
        }
        if (request is null) return Problem(new RouteProblem(400, "", "the body must be a JSON object with from, to and vehicle"));

        if (view.Current is not { } network)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(new RouteProblem(503, "", "the road network has not been read from the twin yet"));
        }

        var result = planner.Plan(network, request);
        return result.Plan is { } plan ? Results.Ok(plan) : Problem(result.Problem!);
    }

    /// <summary>"$.from.intersection" → "from.intersection".</summary>
    private static string Field(string? jsonPath) => jsonPath is null ? "" : jsonPath.TrimStart('$').TrimStart('.');

    private static IResult Problem(RouteProblem problem) => Results.Problem(
        statusCode: problem.Status,
        title: problem.Status switch { 404 => "Not found", 422 => "No route", 503 => "Not ready", _ => "Invalid route request" },
        detail: problem.Field.Length > 0 ? $"{problem.Field}: {problem.Detail}" : problem.Detail,
        extensions: new Dictionary<string, object?> { ["field"] = problem.Field });
}
