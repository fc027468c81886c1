using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// One dynamic property's kept observations, oldest first, at most <c>depth</c>. Starts small and doubles, so the
/// million entities that were observed once cost little.
/// </summary>
internal sealed partial class PropertyHistory
{
    private HistoryEntry[] _entries = new HistoryEntry[2];

    public int Count { get; private set; }

    public ReadOnlySpan<HistoryEntry> Entries => _entries.AsSpan(0, Count);

    public bool Contains(long ticks, TwinValue value)
    {
        for (var i = Count - 1; i >= 0; i--)
        {
            var e = _entries[i];
            if (e.Ticks == ticks && e.Value == value) return true;
            if (e.Ticks < ticks) return false;
        }
        return false;
    }

    /// <summary>Inserts in time order; an entry with the same time is replaced (a correction).</summary>
    public void Add(long ticks, TwinValue value, string? unitCode, int depth)
    {
        // Find the insertion point from the end: telemetry almost always arrives in order.
        var i = Count;
        while (i > 0 && _entries[i - 1].Ticks > ticks) i--;
        if (i > 0 && _entries[i - 1].Ticks == ticks)
        {
            _entries[i - 1] = new HistoryEntry(ticks, value, unitCode);
            return;
        }
        if (Count == depth)
        {
            if (i == 0) return; // older than everything kept: nothing to keep
            Array.Copy(_entries, 1, _entries, 0, i - 1);
            _entries[i - 1] = new HistoryEntry(ticks, value, unitCode);
            return;
        }
        if (Count == _entries.Length) Array.Resize(ref _entries, Math.Min(depth, _entries.Length * 2));
        Array.Copy(_entries, i, _entries, i + 1, Count - i);
        _entries[i] = new HistoryEntry(ticks, value, unitCode);
        Count++;
    }
}

internal readonly record struct HistoryEntry(long Ticks, TwinValue Value, string? UnitCode);
