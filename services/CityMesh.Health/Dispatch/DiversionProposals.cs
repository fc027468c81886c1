using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;
using CityMesh.Contracts.Safety;
using CityMesh.Health.Twin;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// "Divert ambulances from H1 to H2 for 2 h": when a hospital's general or intensive-care beds go critical, or a flood
/// forecast reaches it, the proposal to turn ambulances away from it, to the emergency department nearest it by
/// emergency travel time that has more than <see cref="DispatchOptions.ReserveBeds"/> beds of that type free, is not
/// diverting itself and is not flooded too.
/// </summary>
public static class DiversionProposals
{
    public const string ActionType = "health.hospital-diversion";
    public static readonly ModelInfo Model = new("critical-occupancy-to-nearest-with-beds", "1");
    public static readonly ModelInfo FloodModel = new("flood-forecast-to-nearest-with-beds", "1");

    public sealed record Alternative(string Hospital, double? EtaSeconds, int FreeBeds, bool Accepting, string? Problem);

    /// <summary>The alternatives considered, nearest first, and the one chosen (null when none can take ambulances).</summary>
    /// <param name="excluded">Hospitals that cannot take anyone whatever their beds (flooded too).</param>
    public static async Task<(Alternative? Chosen, IReadOnlyList<Alternative> Considered)> ChooseAsync(HospitalState full, string bedType, HealthSnapshot city,
        IRouteTimes routes, DispatchOptions options, DateTimeOffset now, CancellationToken ct, IReadOnlySet<string>? excluded = null)
    {
        var considered = new List<Alternative>();
        foreach (var other in city.Hospitals.Values.Where(h => h.EmergencyDepartment && h.Id != full.Id).OrderBy(h => h.Id, StringComparer.Ordinal))
        {
            if (excluded?.Contains(other.Id) == true)
            {
                considered.Add(new Alternative(other.Id, null, other.BedsOf(bedType).Free, false, "flooded too"));
                continue;
            }
            var free = other.BedsOf(bedType).Free;
            if (full.Road is null || other.Road is null)
            {
                considered.Add(new Alternative(other.Id, null, free, false, "no road to route between them"));
                continue;
            }
            var route = await DispatchPlanner.FastestAsync(routes, city.BothDirections(full.Road), city.BothDirections(other.Road), now, ct);
            var accepting = route.Found && !other.IsDiverting(now) && free > options.ReserveBeds;
            considered.Add(new Alternative(other.Id, route.Found ? Math.Round(route.EtaSeconds, 1) : null, free, accepting,
                route.Problem ?? (other.IsDiverting(now) ? "diverting itself" : free > options.ReserveBeds ? null : $"{free} free {bedType} beds")));
        }
        considered.Sort((a, b) => (a.EtaSeconds ?? double.MaxValue).CompareTo(b.EtaSeconds ?? double.MaxValue));
        return (considered.FirstOrDefault(a => a.Accepting), considered);
    }

    /// <param name="forecast">The hospital's admissions forecast for the week, where the service has one: how long the pressure may last.</param>
    public static ActionProposal Create(HospitalState full, CapacityAlert alert, Alternative to, IReadOnlyList<Alternative> considered, DateTimeOffset now,
        DispatchOptions options, Forecasting.Live.HospitalAdmissionsForecast? forecast = null)
    {
        var beds = full.BedsOf(alert.BedType!);
        var evidence = new JsonObject
        {
            ["alert"] = JsonSerializer.SerializeToNode(alert, JsonSerializerOptions.Web),
            ["beds"] = new JsonObject { ["type"] = alert.BedType, ["capacity"] = beds.Capacity, ["occupied"] = beds.Occupied, ["free"] = beds.Free },
            ["emergencyDepartment"] = JsonSerializer.SerializeToNode(full.Ed, JsonSerializerOptions.Web),
        };
        if (forecast is not null) evidence["admissionsForecast"] = JsonSerializer.SerializeToNode(forecast, JsonSerializerOptions.Web);
        // One per hospital and alert: a redelivered alert proposes nothing new.
        return Build(full, to, considered, now, options, $"diversion-{DispatchProposals.Local(full.Id)}-{alert.Since.UtcTicks}",
            string.Create(CultureInfo.InvariantCulture, $"{alert.BedType} beds {beds.Occupied}/{beds.Capacity} ({alert.Evidence.Occupancy:0.#%})"), evidence, incident: null, Model);
    }

    /// <summary>
    /// The diversion of a hospital a flood forecast reaches, under the flood's incident: ambulances go elsewhere before
    /// the water arrives (its roads may be cut and its ground floor flooded). One per hospital and forecast.
    /// </summary>
    public static ActionProposal ForFlood(HospitalState flooded, FloodImpact impact, FloodedAsset site, Alternative to, IReadOnlyList<Alternative> considered,
        DateTimeOffset now, DispatchOptions options)
    {
        var evidence = new JsonObject
        {
            ["flood"] = new JsonObject
            {
                ["forecast"] = impact.Forecast, ["forecastAt"] = impact.At, ["maxDepthMetres"] = site.MaxDepthMetres,
                ["floodsAt"] = site.FloodsAt is { } at ? JsonValue.Create(at) : null,
                ["roadsCut"] = impact.Roads.Count,
            },
            ["emergencyDepartment"] = JsonSerializer.SerializeToNode(flooded.Ed, JsonSerializerOptions.Web),
        };
        var when = site.FloodsAt is { } arrives ? string.Create(CultureInfo.InvariantCulture, $" from {arrives:HH:mm}") : "";
        return Build(flooded, to, considered, now, options, $"flood-diversion-{DispatchProposals.Local(flooded.Id)}-{impact.Forecast}",
            string.Create(CultureInfo.InvariantCulture, $"flood forecast at it ({site.MaxDepthMetres:0.00} m{when})"), evidence, impact.Incident, FloodModel);
    }

    private static ActionProposal Build(HospitalState from, Alternative to, IReadOnlyList<Alternative> considered, DateTimeOffset now, DispatchOptions options,
        string id, string reason, JsonObject evidence, string? incident, ModelInfo model)
    {
        var until = now + options.DiversionLength;
        evidence["divertTo"] = to.Hospital;
        evidence["alternatives"] = JsonSerializer.SerializeToNode(considered, JsonSerializerOptions.Web);
        var hospital = new JsonObject
        {
            ["diversionStatus"] = DispatchProposals.Property(HospitalState.Diverting),
            ["divertTo"] = DispatchProposals.Relationship(to.Hospital),
            ["divertUntil"] = DispatchProposals.Property(until.ToString("O", CultureInfo.InvariantCulture)),
        };
        return new ActionProposal
        {
            Id = id,
            Type = ActionType,
            Domain = "health",
            Target = from.Id,
            Incident = incident,
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"Divert ambulances from {DispatchProposals.Local(from.Id)} to {DispatchProposals.Local(to.Hospital)} for {options.DiversionLength.TotalHours:0.#} h: {reason}; {DispatchProposals.Local(to.Hospital)} has {to.FreeBeds} free, {to.EtaSeconds / 60:0.0} min away"),
            Evidence = JsonSerializer.SerializeToElement(evidence),
            Model = model,
            Measures = new Dictionary<string, double> { ["diversionHours"] = options.DiversionLength.TotalHours },
            Effect = [new TwinPatch(from.Id, JsonSerializer.SerializeToElement(hospital))],
            ProposedAt = now,
            ExpiresAt = now + options.DiversionProposalLifetime,
        };
    }
}
