using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>Edits by the temporal API, which names an instance by its instant.</summary>
internal sealed partial class PropertyHistory
{
    /// <returns>-1 when no entry is at <paramref name="ticks"/>.</returns>
    public int IndexOf(long ticks)
    {
        for (var i = Count - 1; i >= 0; i--)
        {
            if (_entries[_start + i].Ticks == ticks) return i;
            if (_entries[_start + i].Ticks < ticks) break;
        }
        return -1;
    }

    public void Replace(int index, TwinValue value, string? unitCode) =>
        _entries[_start + index] = _entries[_start + index] with { Value = value, UnitCode = unitCode };

    public void RemoveAt(int index)
    {
        Array.Copy(_entries, _start + index + 1, _entries, _start + index, Count - index - 1);
        Count--;
        _entries[_start + Count] = default;
    }
}
