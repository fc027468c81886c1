namespace CityMesh.Health.Twin;

/// <summary>
/// The current <see cref="HealthSnapshot"/>, swapped whole as the twin changes, and a signal for those who act on
/// each new one (capacity alerts, dispatch). Readers take <see cref="Current"/> once per piece of work.
/// </summary>
public sealed class HealthView
{
    private HealthSnapshot _current = HealthSnapshot.Empty;
    private TaskCompletionSource<HealthSnapshot> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HealthSnapshot Current => Volatile.Read(ref _current);

    /// <summary>False until the twin was first read.</summary>
    public bool Ready => !ReferenceEquals(Current, HealthSnapshot.Empty);

    public void Publish(HealthSnapshot snapshot)
    {
        Volatile.Write(ref _current, snapshot);
        Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(snapshot);
    }

    /// <summary>The next snapshot published after this call.</summary>
    public Task<HealthSnapshot> NextAsync(CancellationToken ct) => Volatile.Read(ref _next).Task.WaitAsync(ct);
}
