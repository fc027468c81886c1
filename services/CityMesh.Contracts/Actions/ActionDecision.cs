namespace CityMesh.Contracts.Actions;

/// <summary>
/// What governance publishes on <c>actions.decided</c> at every step of an action's lifecycle after it was proposed:
/// approved, rejected, expired, executed or failed, by whom and why.
/// </summary>
/// <param name="Actor">The caller's name (a person's key or token); <c>service:governance</c> for expiry and guardrails.</param>
/// <param name="Overridden">An operator replaced the proposed effect with their own.</param>
/// <param name="Error">Why execution failed.</param>
public sealed record ActionDecision(string ActionId, string Type, string Target, ActionStatus Status, string Actor, string? Reason,
    DateTimeOffset At, bool Overridden = false, string? Error = null)
{
    public const string EventType = "io.citymesh.action.decided";
    public const string Source = "/citymesh/governance";
}
