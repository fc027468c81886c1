using System.Diagnostics;

namespace CityMesh.Server.Tests.Tracing;

/// <summary>
/// The in-memory exporter's collection, safe to read while spans are exported: the exporter adds from its own thread,
/// and a List copied mid-Add throws ("Destination array was not long enough", which failed CI once). Every access
/// takes the one lock; tests read through <see cref="Snapshot"/>.
/// </summary>
public sealed class LockedSpans : System.Collections.ObjectModel.Collection<Activity>
{
    private readonly object _gate = new();

    protected override void InsertItem(int index, Activity item)
    {
        lock (_gate) base.InsertItem(index, item);
    }

    protected override void ClearItems()
    {
        lock (_gate) base.ClearItems();
    }

    public List<Activity> Snapshot()
    {
        lock (_gate) return [.. this];
    }
}
