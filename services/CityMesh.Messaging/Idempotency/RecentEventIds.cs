namespace CityMesh.Messaging.Idempotency;

/// <summary>
/// The dedupe window that makes at-least-once delivery idempotent: remembers the last <c>capacity</c> event ids a
/// consumer handled, forgetting the oldest first. Redeliveries inside the window are recognised; the twin's
/// observedAt rule catches what falls outside it.
/// </summary>
public sealed class RecentEventIds(int capacity = 100_000)
{
    // Each id maps to the sequence number of its latest add; the queue keeps (id, sequence) in add order. An id
    // removed and added again leaves a stale queue entry behind, which eviction recognises by its old sequence.
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, long Sequence)> _order = new();
    private readonly Lock _gate = new();
    private long _sequence;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>True the first time an id is offered (and records it); false for a repeat within the window.</summary>
    public bool TryAdd(string eventId)
    {
        lock (_gate)
        {
            if (!_seen.TryAdd(eventId, ++_sequence)) return false;
            _order.Enqueue((eventId, _sequence));
            while (_seen.Count > Capacity || _order.Count > 2 * Capacity) Evict();
            return true;
        }
    }

    /// <summary>True when the id was handled within the window (a consumer that remembers ids only after its work is
    /// done checks first and adds after).</summary>
    public bool Contains(string eventId)
    {
        lock (_gate) return _seen.ContainsKey(eventId);
    }

    /// <summary>Forgets an id, so a redelivery is handled again (after the handler failed part-way).</summary>
    public void Remove(string eventId)
    {
        lock (_gate) _seen.Remove(eventId);
    }

    private void Evict()
    {
        var (id, sequence) = _order.Dequeue();
        if (_seen.TryGetValue(id, out var current) && current == sequence) _seen.Remove(id);
    }
}
