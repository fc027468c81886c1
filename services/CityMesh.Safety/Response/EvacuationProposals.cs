using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Safety.Forecast;
using CityMesh.Safety.Gauges;
using CityMesh.Scenarios.Running;

namespace CityMesh.Safety.Response;

/// <summary>
/// A square of the city (<see cref="SafetyOptions.ZoneMetres"/> a side, on a grid fixed for the city) whose homes the
/// forecast floods: the unit an evacuation is ordered in, so an operator can order the streets the water reaches first.
/// </summary>
/// <param name="WaterArrives">The earliest time water passes the closure depth at any of its buildings; null: it never does (only the flooded depth).</param>
public sealed record EvacuationZone(string Name, IReadOnlyList<FloodedBuilding> Buildings, double People, DateTimeOffset? WaterArrives, Position Centre);

/// <summary>The shelter a zone is sent to and how it was chosen.</summary>
/// <param name="Room">Places left before this zone: capacity less what earlier orders in this flood sent there.</param>
public sealed record ShelterChoice(ShelterState Shelter, double DistanceMetres, double Room);

/// <summary>
/// "Evacuate zone x2 y-1 (14 homes, 1,250 people) to Emergency shelter 3 before the water arrives at 01:10": one
/// proposal per zone with people in flooded homes, earliest water first. The shelter is the nearest one the forecast
/// leaves dry with room for the zone; failing that the nearest dry one, with the shortfall in the evidence. Executed,
/// each building gets <c>evacuationStatus</c> <c>ordered</c> and <c>refShelter</c> in the twin.
/// </summary>
public static class EvacuationProposals
{
    public const string ActionType = "safety.evacuation";
    public const string Ordered = "ordered";
    public static readonly ModelInfo Model = new("flood-forecast-evacuation-by-zone", "1");

    /// <summary>The zones with people in flooded homes, earliest water first. <paramref name="anchor"/> fixes the grid for the city.</summary>
    public static IReadOnlyList<EvacuationZone> Zones(FloodForecast forecast, Position anchor, SafetyOptions options)
    {
        var plane = new LocalTangentPlane(anchor.Latitude, anchor.Longitude);
        return forecast.Buildings.Where(b => b.People > 0)
            .GroupBy(b =>
            {
                var (x, y) = plane.ToLocal(b.Location);
                return ((int)Math.Floor(x / options.ZoneMetres), (int)Math.Floor(y / options.ZoneMetres));
            })
            .Select(g =>
            {
                var buildings = g.OrderBy(b => b.Id, StringComparer.Ordinal).ToList();
                double? arrival = buildings.Where(b => b.ArrivalSeconds is not null).Select(b => b.ArrivalSeconds!.Value).DefaultIfEmpty(double.NaN).Min();
                return new EvacuationZone(string.Create(CultureInfo.InvariantCulture, $"zone x{g.Key.Item1} y{g.Key.Item2}"), buildings, Math.Round(buildings.Sum(b => b.People)),
                    arrival is { } a && double.IsFinite(a) ? forecast.At.AddSeconds(a) : null,
                    new Position(buildings.Average(b => b.Location.Longitude), buildings.Average(b => b.Location.Latitude)));
            })
            .OrderBy(z => z.WaterArrives ?? DateTimeOffset.MaxValue).ThenBy(z => z.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The nearest dry shelter with room for the zone, else the nearest dry one; null when every shelter floods or there is none.</summary>
    /// <param name="sent">People already sent to each shelter in this flood.</param>
    public static ShelterChoice? Choose(EvacuationZone zone, IEnumerable<ShelterState> shelters, FloodForecast forecast, IReadOnlyDictionary<string, double> sent)
    {
        var flooded = forecast.Sites.Where(s => s.Type == EntityTypes.Shelter).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var dry = shelters.Where(s => s.Location is not null && !flooded.Contains(s.Id))
            .Select(s => new ShelterChoice(s, GeoMath.HaversineMetres(zone.Centre, s.Location!.Value), s.Capacity - sent.GetValueOrDefault(s.Id)))
            .OrderBy(c => c.DistanceMetres).ThenBy(c => c.Shelter.Id, StringComparer.Ordinal).ToList();
        return dry.FirstOrDefault(c => c.Room >= zone.People) ?? dry.FirstOrDefault();
    }

    /// <summary>What the simulated evacuation of every flooded home says, for a summary: "" when it did not run.</summary>
    public static string Simulated(FloodForecast forecast)
    {
        if (forecast.Evacuation is not { } k) return "";
        double inZone = k.GetValueOrDefault(EvacuationRunner.PeopleInZone), sheltered = k.GetValueOrDefault(EvacuationRunner.ShareSheltered);
        string clearance = k.TryGetValue(EvacuationRunner.Clearance90, out var c90) ? $", 90 % in by {c90:0} min" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"; simulated, the whole flooded area ({inZone:N0} people) walking to the nearest shelters with room: {sheltered:0.#} % sheltered{clearance}, {k.GetValueOrDefault(EvacuationRunner.PeopleUnsheltered):N0} with no place");
    }

    public static ActionProposal Create(FloodForecast forecast, EvacuationZone zone, ShelterChoice? shelter, DateTimeOffset now, SafetyOptions options)
    {
        double shortfall = shelter is null ? 0 : Math.Max(0, zone.People - Math.Max(0, shelter.Room));
        var evidence = new JsonObject
        {
            ["forecast"] = ForecastEvidence.Of(forecast),
            ["evacuation"] = forecast.Evacuation is { } simulated ? new JsonObject
            {
                ["kpis"] = JsonSerializer.SerializeToNode(simulated, JsonSerializerOptions.Web),
                ["reportUrl"] = forecast.EvacuationReportUrl,
            } : null,
            ["zone"] = zone.Name,
            ["people"] = zone.People,
            ["waterArrives"] = zone.WaterArrives,
            ["buildings"] = JsonSerializer.SerializeToNode(zone.Buildings, JsonSerializerOptions.Web),
            ["shelter"] = shelter is null ? null : new JsonObject
            {
                ["id"] = shelter.Shelter.Id, ["name"] = shelter.Shelter.Name, ["capacity"] = shelter.Shelter.Capacity,
                ["roomBefore"] = shelter.Room, ["distanceMetres"] = Math.Round(shelter.DistanceMetres),
                ["shortfall"] = shortfall,
            },
        };
        string where = shelter is null ? "no dry shelter: people to leave the zone"
            : string.Create(CultureInfo.InvariantCulture, $"to {shelter.Shelter.Name} ({shelter.Shelter.Capacity:N0} places, {shelter.DistanceMetres / 1000:0.0} km{(shortfall > 0 ? $"; {shortfall:N0} more than it has room for" : "")})");
        string when = zone.WaterArrives is { } at ? $" before the water arrives at {at:HH:mm}" : "";
        return new ActionProposal
        {
            Id = $"evacuation-{forecast.Id}-{zone.Name.Replace(' ', '-')}",
            Type = ActionType,
            Domain = FloodResponse.Domain,
            Target = forecast.Trigger.Gauge,
            Summary = string.Create(CultureInfo.InvariantCulture, $"Evacuate {zone.Name} ({zone.Buildings.Count} home{(zone.Buildings.Count == 1 ? "" : "s")}, {zone.People:N0} people) {where}{when}{Simulated(forecast)}"),
            Evidence = JsonSerializer.SerializeToElement(evidence),
            Model = Model,
            Measures = new Dictionary<string, double> { ["people"] = zone.People, ["buildings"] = zone.Buildings.Count },
            Effect = [.. zone.Buildings.Select(b =>
            {
                var attributes = new JsonObject { ["evacuationStatus"] = NgsiAttributes.Property(Ordered) };
                if (shelter is not null) attributes["refShelter"] = NgsiAttributes.Relationship(shelter.Shelter.Id);
                return new TwinPatch(b.Id, JsonSerializer.SerializeToElement(attributes));
            })],
            ProposedAt = now,
            ExpiresAt = now + options.ProposalLifetime,
        };
    }
}
