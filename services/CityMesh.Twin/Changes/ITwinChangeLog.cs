using System.Text.Json;
using CityMesh.Contracts.Twin;

namespace CityMesh.Twin.Changes;

/// <summary>
/// The twin's changes in the order they were made, each at a <see cref="ChangePosition"/>, kept for a while so a watcher
/// that lost its connection resumes where it stopped (the twin read API's <c>WatchChanges</c>). The same changes go on
/// the bus as <c>twin.changed</c>; the log is what makes them resumable for one reader. Implementations:
/// <see cref="MemoryTwinChangeLog"/> beside the memory store, <see cref="PostgresTwinChangeLog"/> beside PostgreSQL,
/// where every replica of the twin appends to and reads the one log. Both pass <c>TwinChangeLogContract</c>.
/// </summary>
public interface ITwinChangeLog
{
    /// <summary>The position after the newest change: a watch from here sees only changes still to come.</summary>
    Task<ChangePosition> HeadAsync(CancellationToken ct = default);

    /// <summary>Appends changes in order, after every change appended before by any writer.</summary>
    Task AppendAsync(IReadOnlyList<ChangeText> changes, CancellationToken ct = default);

    /// <summary>Up to <paramref name="max"/> changes after <paramref name="after"/>, oldest first; empty when none yet.</summary>
    /// <exception cref="ChangePositionGoneException">The log no longer holds what follows <paramref name="after"/>.</exception>
    Task<IReadOnlyList<LoggedChange>> ReadAfterAsync(ChangePosition after, int max, CancellationToken ct = default);

    /// <summary>Completes when changes after <paramref name="after"/> may have been appended (at once if some are).</summary>
    Task WaitAsync(ChangePosition after, CancellationToken ct = default);
}

/// <summary>
/// One change and its position in the log: the entity it changed and the <see cref="TwinChange"/> as JSON, as
/// <c>twin.changed</c> carries it (the log keeps the text, so a watch sends it on without writing it again).
/// </summary>
public sealed record LoggedChange(ChangePosition Position, string EntityId, string EntityType, string Json)
{
    public TwinChange Change => JsonSerializer.Deserialize<TwinChange>(Json, TwinChange.Json)
        ?? throw new InvalidDataException($"the change at {Position} holds JSON null");
}
