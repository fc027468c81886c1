using System.Globalization;
using CityMesh.Access;
using CityMesh.Simulation.Air.Field;
using CityMesh.Simulation.Air.Index;
using CityMesh.Simulation.Air.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Safety.Air;

/// <summary>
/// <c>/safety/air</c> for viewers: the stations with their index band, alerts and faulty sensors; the concentration
/// field interpolated between the working stations as a GeoJSON grid (a map layer); the least-exposed walk between
/// two points on the city's streets, beside the shortest, for a citizen choosing a way to school; and each station's
/// forecast for the hours ahead.
/// </summary>
public static class AirEndpoints
{
    /// <summary>How far beyond the stations the layer reaches, metres.</summary>
    public const double LayerMargin = 300;

    public sealed record AirNow(bool Ready, IReadOnlyList<AirBandNow> Index, IReadOnlyList<AirStationNow> Stations);

    public sealed record AirBandNow(string Name, string Colour, IReadOnlyDictionary<string, double> Upper, string PublicMessage, string SensitiveMessage);

    public static IEndpointRouteBuilder MapAir(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/safety/air").WithTags("Safety").RequireAuthorization(Roles.Policy.Viewer);
        api.MapGet("", (AirMonitor monitor) => Results.Ok(new AirNow(monitor.Ready,
            [.. monitor.Index.Bands.Select(b => new AirBandNow(b.Name, b.Colour, b.Upper, b.PublicMessage, b.SensitiveMessage))], monitor.Stations())))
            .WithSummary("Air quality stations: latest readings, index band over WHO's averaging times, alert, faulty sensors");
        api.MapGet("/field.geojson", Field).WithSummary("The concentration interpolated between working stations (inverse distance), as GeoJSON cells with their band");
        api.MapGet("/route", Route).WithSummary("The least-exposed walk between two points on the city's streets, and the shortest for comparison");
        api.MapGet("/forecast", (AirForecasts forecasts, AirMonitor monitor, string? station) =>
            station is not null && monitor.Stations().All(s => s.Id != station)
                ? Problem(404, "station", $"'{station}' is not an air quality station the monitor follows")
                : Results.Ok(forecasts.Now(station)))
            .WithSummary("Each station's NO2 and PM2.5 forecast 1–6 hours ahead, with persistence's (the last hourly mean); or how many hours it still collects");
        return endpoints;
    }

    private static IResult Field(AirMonitor monitor, AirStreets streets, SafetyOptions options, string? pollutant, string? cell)
    {
        var p = pollutant ?? Pollutants.No2;
        if (!Pollutants.All.Contains(p)) return Problem(400, "pollutant", $"'{p}' is not one of {string.Join(", ", Pollutants.All)}");
        // Read here rather than bound, so text that is not a number is named like every other refusal.
        double metres = options.AirCellMetres;
        if (cell is not null && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out metres))
            return Problem(400, "cell", $"'{cell}' is not a number of metres");
        if (metres is < 10 or > 5000) return Problem(400, "cell", $"is {metres}; give 10 to 5000 m");
        if (Stations(monitor, p, out var problem) is not { } stations) return Problem(503, "pollutant", problem!);
        double west = stations.Min(s => s.Longitude), east = stations.Max(s => s.Longitude), south = stations.Min(s => s.Latitude), north = stations.Max(s => s.Latitude);
        var m = new LocalMetres(west, south);
        var sw = m.ToGeo(m.ToMetres(west, south).X - LayerMargin, m.ToMetres(west, south).Y - LayerMargin);
        var ne = m.ToGeo(m.ToMetres(east, north).X + LayerMargin, m.ToMetres(east, north).Y + LayerMargin);
        try
        {
            var grid = AirGrid.Build(FieldOf(stations, streets), p, new GeoBox(sw.Longitude, sw.Latitude, ne.Longitude, ne.Latitude), metres, monitor.Index);
            return Results.Text(AirGeoJson.ToJson(grid), "application/geo+json");
        }
        catch (ArgumentException e)
        {
            return Problem(400, "cell", e.Message);
        }
    }

    private static IResult Route(AirMonitor monitor, AirStreets walks, string? from, string? to, string? pollutant)
    {
        if (Point(from, "from", out var a) is { } badFrom) return badFrom;
        if (Point(to, "to", out var b) is { } badTo) return badTo;
        var p = pollutant ?? Pollutants.No2;
        if (!Pollutants.All.Contains(p)) return Problem(400, "pollutant", $"'{p}' is not one of {string.Join(", ", Pollutants.All)}");
        if (walks.Router(out var noRoads) is not { } router) return Problem(503, "from", noRoads!);
        if (Stations(monitor, p, out var problem) is not { } stations) return Problem(503, "pollutant", problem!);
        var graph = router.Graph;
        int start = graph.Nearest(a.Longitude, a.Latitude), end = graph.Nearest(b.Longitude, b.Latitude);
        if (start == end) return Problem(422, "to", $"is nearest the same street corner as 'from' ({graph.Id(start)}): there is no walk to choose");
        try
        {
            var plan = router.Plan(start, end, router.EdgeConcentrations(FieldOf(stations, walks)));
            return Results.Ok(new { pollutant = p, from = graph.Id(start), to = graph.Id(end), plan.LeastExposed, plan.Shortest, plan.ExposureSaved, plan.MaxDetour, plan.DetourCapped, plan.Note });
        }
        catch (RouteNotFoundException e)
        {
            return Problem(422, "to", e.Message);
        }
    }

    /// <summary>
    /// The field between the stations: with the city's roads, a trend on their proximity plus inverse distance of what
    /// it leaves (halves NO2's leave-one-out error in the evaluation); with too few stations to fit a trend, or no roads,
    /// plain inverse distance.
    /// </summary>
    private static IAirField FieldOf(List<AirStationValue> stations, AirStreets streets)
    {
        if (stations.Count < 4 || streets.Traffic() is not { } traffic) return new AirField(stations);
        // The trend is known only over the proximities the stations have: a kerb busier than any station's is not
        // extrapolated to, it is taken as the busiest station's.
        var seen = stations.Select(s => traffic.ValueAt(s.Longitude, s.Latitude)).ToList();
        return new NotBelowZero(new AirField(stations, null, new Clamped(traffic, seen.Min(), seen.Max())));
    }

    private sealed class Clamped(IAirField field, double low, double high) : IAirField
    {
        public double ValueAt(double longitude, double latitude) => Math.Clamp(field.ValueAt(longitude, latitude), low, high);
    }

    /// <summary>A trend fitted on few stations can dip below zero far from every road; air holds no negative amounts.</summary>
    private sealed class NotBelowZero(IAirField field) : IAirField
    {
        public double ValueAt(double longitude, double latitude) => field.ValueAt(longitude, latitude) is var v && v < 0 ? 0 : v;
    }

    /// <summary>The working stations' latest value of a pollutant; null (with why) when there are none.</summary>
    private static List<AirStationValue>? Stations(AirMonitor monitor, string pollutant, out string? problem)
    {
        var now = monitor.Stations();
        var working = now.Where(s => !s.Faulty && s.Latest.ContainsKey(pollutant)).Select(s => new AirStationValue(s.Id, s.Longitude, s.Latitude, s.Latest[pollutant])).ToList();
        problem = working.Count > 0 ? null
            : !monitor.Ready ? "safety has not read the twin's air quality stations yet"
            : $"no working station reports {pollutant} ({now.Count} stations, {now.Count(s => s.Faulty)} with a faulty sensor)";
        return working.Count > 0 ? working : null;
    }

    /// <summary>"lat,lon" in WGS84 degrees.</summary>
    private static IResult? Point(string? text, string field, out GeoPoint point)
    {
        point = default;
        var parts = text?.Split(',') ?? [];
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
            return Problem(400, field, $"'{text}' is not LAT,LON in degrees, e.g. 36.66,117.02");
        if (lat is < -90 or > 90 || lon is < -180 or > 180) return Problem(400, field, $"{lat},{lon} is not a WGS84 position");
        point = new GeoPoint(lon, lat);
        return null;
    }

    private static IResult Problem(int status, string field, string detail) => FieldProblem.Of(status, field, detail);
}
