using CityMesh.Contracts.Actions;

namespace CityMesh.Governance.Actions.Storage;

/// <summary>The embedded store: a dictionary under one lock, which makes each compare-and-set atomic.</summary>
public sealed class MemoryActionStore : IActionStore
{
    private readonly Dictionary<string, GovernedAction> _actions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task InitializeAsync(CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>The actions are in this process: if it answers, so does the store.</summary>
    public Task PingAsync(CancellationToken ct = default) => Task.CompletedTask;

    public Task<bool> TryAddAsync(GovernedAction action, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_actions.TryAdd(action.Id, action));
    }

    public Task<GovernedAction?> GetAsync(string id, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_actions.GetValueOrDefault(id));
    }

    public Task<IReadOnlyDictionary<ActionStatus, long>> CountByStatusAsync(CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyDictionary<ActionStatus, long>>(_actions.Values.CountBy(a => a.Status).ToDictionary(p => p.Key, p => (long)p.Value));
    }

    public Task<IReadOnlyList<GovernedAction>> ListAsync(ActionQuery query, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<GovernedAction> found = [.. _actions.Values
                .Where(a => (query.Status is null || a.Status == query.Status) && (query.Type is null || a.Type == query.Type)
                    && (query.Incident is null || a.Proposal.Incident == query.Incident))
                .OrderByDescending(a => a.Proposal.ProposedAt).ThenBy(a => a.Id, StringComparer.Ordinal)
                .Take(query.Limit)];
            return Task.FromResult(found);
        }
    }

    public Task<bool> TryReplaceAsync(GovernedAction next, ActionStatus expected, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_actions.TryGetValue(next.Id, out var current) || current.Status != expected) return Task.FromResult(false);
            _actions[next.Id] = next;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<GovernedAction>> ListOverdueAsync(DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<GovernedAction> due = [.. _actions.Values
                .Where(a => a.Status == ActionStatus.Proposed && a.Proposal.ExpiresAt < now)
                .OrderBy(a => a.Proposal.ExpiresAt).ThenBy(a => a.Id, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(due);
        }
    }
}
