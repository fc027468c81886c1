using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// One dynamic property's kept observations, oldest first, at most <c>depth</c>. Starts small and doubles, so the
/// million entities that were observed once cost little. Kept as a window that slides along a buffer of up to twice
/// the depth: once full, a reading in time order drops the oldest by moving the window's start, and the window is
/// copied back to the buffer's front only when it reaches the end, once every <c>depth</c> readings, so a deep
/// history (a water meter's days of readings) costs no more per reading than a shallow one.
/// </summary>
internal sealed partial class PropertyHistory
{
    private HistoryEntry[] _entries = new HistoryEntry[2];
    private int _start;

    public int Count { get; private set; }

    public ReadOnlySpan<HistoryEntry> Entries => _entries.AsSpan(_start, Count);

    public bool Contains(long ticks, TwinValue value)
    {
        for (var i = _start + Count - 1; i >= _start; i--)
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
        while (i > 0 && _entries[_start + i - 1].Ticks > ticks) i--;
        if (i > 0 && _entries[_start + i - 1].Ticks == ticks)
        {
            _entries[_start + i - 1] = new HistoryEntry(ticks, value, unitCode);
            return;
        }
        if (Count >= depth)
        {
            if (i == 0) return; // older than everything kept: nothing to keep
            // Full: the oldest goes. In time order that is the window moving on; otherwise the older part shifts down.
            if (i < Count)
            {
                Array.Copy(_entries, _start + 1, _entries, _start, i - 1);
                _entries[_start + i - 1] = new HistoryEntry(ticks, value, unitCode);
                return;
            }
            _entries[_start] = default;
            _start++;
            Count--;
            i--;
        }
        if (_start + Count == _entries.Length) MakeRoom(depth);
        Array.Copy(_entries, _start + i, _entries, _start + i + 1, Count - i);
        _entries[_start + i] = new HistoryEntry(ticks, value, unitCode);
        Count++;
    }

    /// <summary>Room for one more at the window's end: the window back at the front, or a buffer twice as large (up to twice the depth).</summary>
    private void MakeRoom(int depth)
    {
        if (_start > 0)
        {
            Array.Copy(_entries, _start, _entries, 0, Count);
            Array.Clear(_entries, Count, _start);
            _start = 0;
            return;
        }
        Array.Resize(ref _entries, Math.Max(Count + 1, Math.Min(2 * depth, _entries.Length * 2)));
    }
}

internal readonly record struct HistoryEntry(long Ticks, TwinValue Value, string? UnitCode);
