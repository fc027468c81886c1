using System.Text.Json;
using CityMesh.Contracts.Actions;

namespace CityMesh.Governance.Actions;

/// <summary>What an action's audit record carries besides actor, kind and subject: enough to judge the step later.</summary>
/// <param name="Effect">What runs (or ran): after an override, the operator's effect.</param>
/// <param name="ProposedEffect">The proposer's effect, when an override replaced it.</param>
internal sealed record ActionAuditDetails(string Type, string Domain, string Target, ActionStatus Status, AutonomyLevel Autonomy, string? Reason,
    JsonElement Evidence, ModelInfo Model, IReadOnlyDictionary<string, double> Measures, IReadOnlyList<TwinPatch> Effect,
    IReadOnlyList<TwinPatch>? ProposedEffect, string? Error)
{
    public static JsonElement Of(GovernedAction action) => JsonSerializer.SerializeToElement(new ActionAuditDetails(
        action.Type, action.Proposal.Domain, action.Proposal.Target, action.Status, action.Autonomy, action.Latest.Reason,
        action.Proposal.Evidence, action.Proposal.Model, action.Proposal.Measures, action.Effect,
        action.Overridden ? action.Proposal.Effect : null, action.Error), JsonSerializerOptions.Web);
}
