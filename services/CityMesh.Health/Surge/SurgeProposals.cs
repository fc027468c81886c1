using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;
using CityMesh.Health.Dispatch;
using CityMesh.Health.Twin;

namespace CityMesh.Health.Surge;

/// <summary>
/// "Open 40 surge beds at H1": the proposal to raise a hospital's surge beds by the size <see cref="SurgePlanner"/>
/// chose, with the alert, the projection and every simulated candidate as evidence. Governance measures the change
/// itself (<c>surgeBedsChange</c>) and bounds it by policy.
/// </summary>
public static class SurgeProposals
{
    public const string ActionType = "health.surge-beds";
    public static readonly ModelInfo Model = new("patient-flow-mmc-surge", "1");

    /// <param name="forecast">The hospital's admissions forecast for the week, where the service has one: evidence beside the simulation.</param>
    public static ActionProposal Create(HospitalState hospital, CapacityAlert alert, SurgePlan plan, DateTimeOffset now, SurgeOptions options,
        Forecasting.Live.HospitalAdmissionsForecast? forecast = null)
    {
        var chosen = plan.Chosen ?? throw new ArgumentException("the plan needs no surge", nameof(plan));
        var without = plan.Candidates[0];
        var evidence = new JsonObject
        {
            ["alert"] = JsonSerializer.SerializeToNode(alert, JsonSerializerOptions.Web),
            ["simulation"] = new JsonObject
            {
                ["model"] = "the bed type as an M/M/c queue of its staffed beds plus the surge, started as occupied now, fed to hold the projected load (Little's law)",
                ["days"] = options.SimulationDays,
                ["projectionHours"] = options.Horizon.TotalHours,
                ["targetBoardingMinutes"] = options.TargetBoardingMinutes,
            },
            ["plan"] = JsonSerializer.SerializeToNode(plan, JsonSerializerOptions.Web),
        };
        if (forecast is not null) evidence["admissionsForecast"] = JsonSerializer.SerializeToNode(forecast, JsonSerializerOptions.Web);
        var patch = new JsonObject { ["surgeBeds"] = DispatchProposals.Property(hospital.SurgeBeds + chosen.SurgeBeds) };
        string local = DispatchProposals.Local(hospital.Id);
        string outcome = plan.MeetsTarget
            ? $"boarding {without.MeanBoardingMinutes:0} → {chosen.MeanBoardingMinutes:0} min on average over {options.SimulationDays:0.#} simulated days"
            : $"boarding {without.MeanBoardingMinutes:0} → {chosen.MeanBoardingMinutes:0} min, still above the {options.TargetBoardingMinutes:0} min target: the largest size tried";
        return new ActionProposal
        {
            // One per hospital, bed type and alert: a redelivered alert proposes nothing new.
            Id = $"surge-{local}-{plan.BedType}-{alert.Since.UtcTicks}",
            Type = ActionType,
            Domain = "health",
            Target = hospital.Id,
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"Open {chosen.SurgeBeds} surge {plan.BedType} beds at {local}: {plan.Occupied}/{plan.Beds} occupied, {plan.ProjectedLoad:0} projected in {options.Horizon.TotalHours:0} h; {outcome}"),
            Evidence = JsonSerializer.SerializeToElement(evidence),
            Model = Model,
            Measures = new Dictionary<string, double> { ["surgeBedsChange"] = chosen.SurgeBeds },
            Effect = [new TwinPatch(hospital.Id, JsonSerializer.SerializeToElement(patch))],
            ProposedAt = now,
            ExpiresAt = now + options.ProposalLifetime,
        };
    }
}
