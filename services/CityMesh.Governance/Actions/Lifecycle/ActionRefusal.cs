namespace CityMesh.Governance.Actions.Lifecycle;

/// <summary>Why a decision was not taken; the API answers each kind with its own status.</summary>
public sealed record ActionRefusal(RefusalKind Kind, string Message);

public enum RefusalKind
{
    /// <summary>No action has that id (404).</summary>
    NotFound,

    /// <summary>It is no longer waiting for a decision, or another decision came first (409).</summary>
    NotPending,

    /// <summary>Its expiry has passed (409).</summary>
    Expired,

    /// <summary>An <see cref="AutonomyLevel.Advise"/> action cannot be executed, only dismissed (409).</summary>
    AdviceOnly,

    /// <summary>An override without a reason (400).</summary>
    ReasonRequired,

    /// <summary>Expiry asked before the action's time, or completion of an action that was not approved (409).</summary>
    NotDue,
}
