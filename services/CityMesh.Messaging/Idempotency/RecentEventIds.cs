using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace CityMesh.Messaging.Idempotency;

/// <summary>
/// The dedupe window that makes at-least-once delivery idempotent: remembers the last <c>capacity</c> event ids a
/// consumer handled, forgetting the oldest first. Redeliveries inside the window are recognised; the twin's
/// observedAt rule catches what falls outside it.
/// </summary>
/// <remarks>
/// An id is remembered by its 128-bit fingerprint (<see cref="Fingerprint"/>), not as a string: the twin's window holds
/// half a million ids, and as strings they were half a million objects every full collection had to trace, for a
/// check that needs only equality. Two different ids share a fingerprint with probability 2^-128 per pair: over a
/// window of 10^6 ids checked 10^12 times that is below 10^-20, far under any hardware fault rate. The tables start
/// small and grow with the window (a full one of 500,000 ids is about 30 MB), so a quiet twin does not hold a busy
/// one's memory; they hold no references, so growing copies bytes the collector never traces.
/// </remarks>
public sealed class RecentEventIds
{
    // Each fingerprint maps to the sequence number of its latest add; the queue keeps (fingerprint, sequence) in add
    // order. An id removed and added again leaves a stale queue entry behind, which eviction recognises by its old
    // sequence number.
    private readonly Dictionary<UInt128, long> _seen;
    private readonly Queue<(UInt128 Id, long Sequence)> _order;
    private readonly Lock _gate = new();
    private long _sequence;

    public RecentEventIds(int capacity = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _seen = new Dictionary<UInt128, long>(Math.Min(capacity + 1, InitialSize));
        _order = new Queue<(UInt128, long)>(Math.Min(capacity + 1, InitialSize));
    }

    public int Capacity { get; }

    /// <summary>What the tables hold before they first grow.</summary>
    private const int InitialSize = 4_096;

    /// <summary>What the window remembers of an id: a 128-bit hash of its characters.</summary>
    public static UInt128 Fingerprint(string eventId) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(eventId.AsSpan()));

    /// <summary>True the first time an id is offered (and records it); false for a repeat within the window.</summary>
    public bool TryAdd(string eventId) => TryAdd(Fingerprint(eventId));

    /// <inheritdoc cref="TryAdd(string)"/>
    public bool TryAdd(UInt128 fingerprint)
    {
        lock (_gate) return AddLocked(fingerprint);
    }

    /// <summary>Records a batch of ids under one lock (the ids of a batch just handled).</summary>
    public void AddAll(ReadOnlySpan<UInt128> fingerprints)
    {
        lock (_gate)
        {
            foreach (var fingerprint in fingerprints) AddLocked(fingerprint);
        }
    }

    /// <summary>True when the id was handled within the window (a consumer that remembers ids only after its work is
    /// done checks first and adds after).</summary>
    public bool Contains(string eventId) => Contains(Fingerprint(eventId));

    /// <inheritdoc cref="Contains(string)"/>
    public bool Contains(UInt128 fingerprint)
    {
        lock (_gate) return _seen.ContainsKey(fingerprint);
    }

    /// <summary>Forgets an id, so a redelivery is handled again (after the handler failed part-way).</summary>
    public void Remove(string eventId)
    {
        var fingerprint = Fingerprint(eventId);
        lock (_gate) _seen.Remove(fingerprint);
    }

    private bool AddLocked(UInt128 fingerprint)
    {
        if (!_seen.TryAdd(fingerprint, ++_sequence)) return false;
        _order.Enqueue((fingerprint, _sequence));
        while (_seen.Count > Capacity || _order.Count > 2 * Capacity) Evict();
        return true;
    }

    private void Evict()
    {
        var (id, sequence) = _order.Dequeue();
        if (_seen.TryGetValue(id, out var current) && current == sequence) _seen.Remove(id);
    }
}
