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
            if (_entries[i].Ticks == ticks) return i;
            if (_entries[i].Ticks < ticks) break;
        }
        return -1;
    }

    public void Replace(int index, TwinValue value, string? unitCode) => _entries[index] = _entries[index] with { Value = value, UnitCode = unitCode };

    public void RemoveAt(int index)
    {
        Array.Copy(_entries, index + 1, _entries, index, Count - index - 1);
        Count--;
        _entries[Count] = default;
    }
}
