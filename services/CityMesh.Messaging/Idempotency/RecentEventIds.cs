namespace CityMesh.Messaging.Idempotency;

/// <summary>
/// The dedupe window that makes at-least-once delivery idempotent: remembers the last <c>capacity</c> event ids a
/// consumer handled, forgetting the oldest first. Redeliveries inside the window are recognised; the twin's
/// observedAt rule catches what falls outside it.
/// </summary>
public sealed class RecentEventIds(int capacity = 100_000)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>True the first time an id is offered (and records it); false for a repeat within the window.</summary>
    public bool TryAdd(string eventId)
    {
        lock (_gate)
        {
            if (!_seen.Add(eventId)) return false;
            _order.Enqueue(eventId);
            if (_order.Count > Capacity) _seen.Remove(_order.Dequeue());
            return true;
        }
    }

    /// <summary>True when the id was handled within the window (a consumer that remembers ids only after its work is
    /// done checks first and adds after).</summary>
    public bool Contains(string eventId)
    {
        lock (_gate) return _seen.Contains(eventId);
    }

    /// <summary>Forgets an id, so a redelivery is handled again (after the handler failed part-way).</summary>
    public void Remove(string eventId)
    {
        lock (_gate) _seen.Remove(eventId);
    }
}
