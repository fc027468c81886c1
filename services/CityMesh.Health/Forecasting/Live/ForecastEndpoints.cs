using CityMesh.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Health.Forecasting.Live;

/// <summary><c>GET /health/forecast/admissions</c>: each emergency hospital's daily admissions 1–7 days ahead, or why not yet (503).</summary>
public static class ForecastEndpoints
{
    public static IEndpointRouteBuilder MapAdmissionsForecast(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/forecast/admissions", (AdmissionsForecastService forecasts) => forecasts.State is { Status: AdmissionsForecastState.Ready } ready
                ? Results.Ok(ready)
                : Results.Json(forecasts.State, statusCode: StatusCodes.Status503ServiceUnavailable))
            .RequireAuthorization(Roles.Policy.Viewer).WithTags("Health");
        return endpoints;
    }
}
