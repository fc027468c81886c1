namespace CityMesh.Governance.Actions.Lifecycle;

/// <summary>The outcome of a decision: the action after it, or why it was refused.</summary>
public sealed record ActionTransition(GovernedAction? Action, ActionRefusal? Refusal)
{
    public static ActionTransition To(GovernedAction action) => new(action, null);

    public static ActionTransition Refused(RefusalKind kind, string message) => new(null, new ActionRefusal(kind, message));
}
