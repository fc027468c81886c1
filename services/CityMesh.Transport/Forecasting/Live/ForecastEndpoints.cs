using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Transport.Forecasting.Live;

/// <summary>HTTP access to the live forecasts; the host mounts the group (e.g. under /transport, viewer policy).</summary>
public static class ForecastEndpoints
{
    /// <summary>
    /// <c>GET {group}/forecasts/{detector}</c>: the detector's <see cref="DetectorForecast"/>; an unknown detector is a
    /// 404 problem naming it; while the forecaster trains, 503 with its progress and Retry-After.
    /// </summary>
    public static RouteGroupBuilder MapForecasts(this RouteGroupBuilder group)
    {
        group.MapGet("/forecasts/{detector}", (string detector, ForecastService service, HttpContext http) =>
        {
            if (service.Forecaster is not { } forecaster)
            {
                if (service.Error is null) http.Response.Headers.RetryAfter = "10";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Forecaster not ready", detail: service.Status);
            }
            return forecaster.Forecast(detector) is { } forecast
                ? Results.Ok(forecast)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown detector",
                    detail: $"No detector '{detector}' is forecast here; the forecaster knows {forecaster.Detectors.Count()} detectors.");
        });
        return group;
    }
}
