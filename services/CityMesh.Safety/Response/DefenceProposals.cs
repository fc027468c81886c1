using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Twin;
using CityMesh.Safety.Forecast;
using CityMesh.Safety.Gauges;
using CityMesh.Scenarios.Running;

namespace CityMesh.Safety.Response;

/// <summary>
/// "Deploy 4 flood barriers and start 4 pumps": made when a forecast's all-defences variant keeps roads open or homes
/// dry that the city as it stands would lose. Executed, each barrier's <c>status</c> becomes <c>deployed</c> and each
/// pump's <c>running</c> in the twin (governed attributes), and the next forecast has them in every run.
/// </summary>
public static class DefenceProposals
{
    public const string ActionType = "safety.flood-defences";
    public static readonly ModelInfo Model = new("flood-forecast-defences", "1");

    /// <summary>The proposal for <paramref name="idle"/> (entity ids), or null when the forecast says they would save nothing.</summary>
    public static ActionProposal? Create(FloodForecast forecast, IReadOnlyList<string> idle, DateTimeOffset now, SafetyOptions options)
    {
        if (forecast.WithAllDefences is not { } all || idle.Count == 0) return null;
        double roads = forecast.Kpis.GetValueOrDefault(FloodRunner.RoadsCut), people = forecast.Kpis.GetValueOrDefault(FloodRunner.PeopleAffected);
        double roadsWith = all.GetValueOrDefault(FloodRunner.RoadsCut), peopleWith = all.GetValueOrDefault(FloodRunner.PeopleAffected);
        if (roadsWith >= roads && peopleWith >= people) return null;
        var barriers = idle.Where(id => EntityIds.TypeOf(id) == EntityTypes.FloodBarrier).ToList();
        var pumps = idle.Where(id => EntityIds.TypeOf(id) == EntityTypes.DrainagePump).ToList();
        var evidence = new JsonObject
        {
            ["forecast"] = ForecastEvidence.Of(forecast),
            ["barriers"] = JsonSerializer.SerializeToNode(barriers, JsonSerializerOptions.Web),
            ["pumps"] = JsonSerializer.SerializeToNode(pumps, JsonSerializerOptions.Web),
            ["roadsSaved"] = roads - roadsWith,
            ["peopleSaved"] = people - peopleWith,
        };
        return new ActionProposal
        {
            Id = $"flood-defences-{forecast.Id}",
            Type = ActionType,
            Domain = FloodResponse.Domain,
            Target = forecast.Trigger.Gauge,
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"Deploy {barriers.Count} flood barrier{(barriers.Count == 1 ? "" : "s")} and start {pumps.Count} pump{(pumps.Count == 1 ? "" : "s")}: the forecast cuts {roads - roadsWith:0} fewer roads ({roadsWith:0} of {roads:0}) and floods {people - peopleWith:0} fewer people ({peopleWith:0} of {people:0})"),
            Evidence = JsonSerializer.SerializeToElement(evidence),
            Model = Model,
            Measures = new Dictionary<string, double> { ["barriersDeployed"] = barriers.Count, ["pumpsStarted"] = pumps.Count, ["roadsSaved"] = roads - roadsWith, ["peopleSaved"] = people - peopleWith },
            Effect = [.. idle.Select(id => new TwinPatch(id, JsonSerializer.SerializeToElement(new JsonObject
            {
                ["status"] = NgsiAttributes.Property(EntityIds.TypeOf(id) == EntityTypes.FloodBarrier ? SafetySnapshot.Deployed : SafetySnapshot.Running),
            })))],
            ProposedAt = now,
            ExpiresAt = now + options.ProposalLifetime,
        };
    }
}
