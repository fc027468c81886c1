using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Energy;

namespace CityMesh.Energy.Relief;

/// <summary>
/// A relief plan as a proposal to governance: its changes as the twin patches executing it makes, the power flow's
/// before and after as evidence, and the measures guardrails can limit (<c>shedKw</c>, <c>criticalShed</c>,
/// <c>shiftedKw</c>, <c>curtailedKw</c>).
/// </summary>
public static class ReliefProposals
{
    public const string Domain = "energy";
    public static readonly ModelInfo Model = new("grid-power-flow-relief", "1");

    public static ActionProposal Create(ReliefPlan plan, GridViolation violation, DateTimeOffset now, EnergyOptions options) => new()
    {
        Id = $"{(violation.ExpectedAt is null ? "" : "ahead-")}{plan.Kind}-{Local(plan.Scope)}-{now.ToUnixTimeSeconds()}",
        Type = ReliefKinds.ActionType(plan.Kind),
        Domain = Domain,
        Target = plan.Scope,
        Summary = string.Create(CultureInfo.InvariantCulture,
            $"{plan.Summary}: {Describe(violation)} → largest loading {plan.After.LoadingPercent:0} %, lowest {plan.After.LowestVoltagePu:0.000} pu"),
        Evidence = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["violation"] = JsonSerializer.SerializeToNode(violation, JsonSerializerOptions.Web),
            ["before"] = new JsonObject { ["largestLoadingPercent"] = plan.Before.LoadingPercent, ["lowestVoltagePu"] = plan.Before.LowestVoltagePu },
            ["after"] = new JsonObject { ["largestLoadingPercent"] = plan.After.LoadingPercent, ["lowestVoltagePu"] = plan.After.LowestVoltagePu },
            ["changes"] = new JsonArray([.. plan.Changes.Keys.Order(StringComparer.Ordinal).Select(k => (JsonNode)k)]),
            ["powerFlowTrials"] = plan.Trials,
            ["method"] = (violation.ExpectedAt is null
                ? "the grid solved now with the change and without it"
                : "the grid solved at the forecast hour (each feeder's buses scaled by its load forecast) with the change and without it")
                + " (AC power flow of every island); offered only where the change brings the scope within its limits and violates nothing that was not already violated; relief is tried least disruptive first: shift EV charging, transfer load, curtail PV, shed non-critical load",
            ["guardrail"] = "a bus that supplies a hospital or a shelter is never shed",
        }),
        Model = Model,
        Measures = new Dictionary<string, double>
        {
            ["shedKw"] = Math.Round(plan.ShedKw, 1),
            ["criticalShed"] = plan.CriticalShed,
            ["shiftedKw"] = Math.Round(plan.ShiftedKw, 1),
            ["curtailedKw"] = Math.Round(plan.CurtailedKw, 1),
            ["loadingAfterPercent"] = plan.After.LoadingPercent,
        },
        Effect = [.. plan.Changes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new TwinPatch(c.Key, JsonSerializer.SerializeToElement(c.Value)))],
        ProposedAt = now,
        ExpiresAt = now + options.ProposalLifetime,
    };

    /// <summary>The violation in words; a forecast one with the hour it is expected (the meters' clock).</summary>
    private static string Describe(GridViolation v)
    {
        var what = v.Kind == GridViolation.Overload
            ? string.Create(CultureInfo.InvariantCulture, $"{Local(v.Element)} at {v.Value:0} % of its rating")
            : string.Create(CultureInfo.InvariantCulture, $"{Local(v.Element)} at {v.Value:0.000} pu");
        return v.ExpectedAt is { } expected ? string.Create(CultureInfo.InvariantCulture, $"ahead of the forecast {what} from {expected:HH:mm}") : what;
    }

    private static string Local(string id) => id[(id.LastIndexOf(':') + 1)..];
}
