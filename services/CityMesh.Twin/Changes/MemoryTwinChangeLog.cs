
namespace CityMesh.Twin.Changes;

/// <summary>
/// The change log beside the memory store: the newest <see cref="Capacity"/> changes in a ring. Its epoch is new with
/// every process, like the store, so after a restart every old position is gone and watchers read the twin again.
/// </summary>
public sealed class MemoryTwinChangeLog : ITwinChangeLog
{
    private readonly Lock _gate = new();
    private readonly ChangeText[] _ring;
    private readonly string _epoch = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Sequence of the newest change; the first change is 1.</summary>
    private long _head;

    /// <summary>Completed and replaced on every append, so waiters wake.</summary>
    private TaskCompletionSource _appended = NewSignal();

    /// <param name="capacity">Changes kept (<c>CityMesh:Twin:ChangeLogCapacity</c>).</param>
    public MemoryTwinChangeLog(int capacity = TwinOptions.DefaultChangeLogCapacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be at least 1");
        _ring = new ChangeText[capacity];
    }

    public int Capacity => _ring.Length;

    public Task<ChangePosition> HeadAsync(CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(new ChangePosition(_epoch, _head));
    }

    public Task AppendAsync(IReadOnlyList<ChangeText> changes, CancellationToken ct = default)
    {
        if (changes.Count == 0) return Task.CompletedTask;
        TaskCompletionSource appended;
        lock (_gate)
        {
            foreach (var change in changes) _ring[++_head % _ring.Length] = change;
            appended = _appended;
            _appended = NewSignal();
        }
        appended.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LoggedChange>> ReadAfterAsync(ChangePosition after, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate)
        {
            Check(after);
            var count = (int)Math.Min(max, _head - after.Sequence);
            var changes = new LoggedChange[count];
            for (var i = 0; i < count; i++)
            {
                var sequence = after.Sequence + 1 + i;
                var change = _ring[sequence % _ring.Length];
                changes[i] = new LoggedChange(new ChangePosition(_epoch, sequence), change.EntityId, change.EntityType, change.Text);
            }
            return Task.FromResult<IReadOnlyList<LoggedChange>>(changes);
        }
    }

    public Task WaitAsync(ChangePosition after, CancellationToken ct = default)
    {
        lock (_gate)
        {
            Check(after);
            return _head > after.Sequence ? Task.CompletedTask : _appended.Task.WaitAsync(ct);
        }
    }

    private void Check(ChangePosition after)
    {
        if (after.Epoch != _epoch) throw new ChangePositionGoneException(after, "it is of another change log (the twin has restarted since)");
        if (after.Sequence > _head) throw new ChangePositionGoneException(after, $"the log ends at {_head}");
        var oldest = _head - _ring.Length; // the last position whose next change is still held
        if (after.Sequence < oldest)
            throw new ChangePositionGoneException(after, $"the log keeps the newest {_ring.Length} changes (CityMesh:Twin:ChangeLogCapacity), from {oldest + 1}");
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
