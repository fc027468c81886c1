using CityMesh.Contracts.Actions;

namespace CityMesh.Governance.Actions.Storage;

/// <summary>
/// Where governed actions live: memory in the embedded mode, PostgreSQL in deployments; both pass the same contract
/// tests. Every change is a compare-and-set on the status, so two operators (or an operator and the sweeper)
/// cannot both decide one action.
/// </summary>
public interface IActionStore
{
    /// <summary>Creates what the store needs (tables); safe to call from several replicas at once.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>One cheap round trip to where the actions live, for readiness; throws when it does not answer.</summary>
    Task PingAsync(CancellationToken ct = default);

    /// <summary>Stores a new action; false, changing nothing, when one with its id exists (a redelivered proposal).</summary>
    Task<bool> TryAddAsync(GovernedAction action, CancellationToken ct = default);

    Task<GovernedAction?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Actions matching <paramref name="query"/>, newest proposal first.</summary>
    Task<IReadOnlyList<GovernedAction>> ListAsync(ActionQuery query, CancellationToken ct = default);

    /// <summary>Replaces the action with <paramref name="next"/> only while its stored status is <paramref name="expected"/>.</summary>
    /// <returns>False when the action is missing or another change came first.</returns>
    Task<bool> TryReplaceAsync(GovernedAction next, ActionStatus expected, CancellationToken ct = default);

    /// <summary>How many actions are in each status (for the proposals-by-state metric); statuses with none are left out.</summary>
    Task<IReadOnlyDictionary<ActionStatus, long>> CountByStatusAsync(CancellationToken ct = default);

    /// <summary>Proposed actions whose expiry is before <paramref name="now"/>, oldest expiry first.</summary>
    Task<IReadOnlyList<GovernedAction>> ListOverdueAsync(DateTimeOffset now, int limit, CancellationToken ct = default);
}

/// <summary>A listing filter; null matches any.</summary>
/// <param name="Incident">Only actions proposed about this twin <c>Incident</c>.</param>
public sealed record ActionQuery(ActionStatus? Status = null, string? Type = null, int Limit = 100, string? Incident = null);
