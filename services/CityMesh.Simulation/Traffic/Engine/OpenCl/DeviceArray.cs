using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CityMesh.Compute.OpenCl;

namespace CityMesh.Simulation.Traffic.Engine.OpenCl;

/// <summary>
/// A host array's twin on the device, with a shadow of exactly what the device holds. An upload compares the host
/// span with the shadow bit for bit and writes one span from the first to the last difference, so state that the
/// host phases did not touch stays on the device; a download refreshes host and shadow together.
/// </summary>
internal sealed class DeviceArray<T> : IDisposable where T : unmanaged
{
    private const int BlockBytes = 4096;
    private readonly T[] _shadow;
    private readonly BusTraffic _bus;

    public DeviceArray(ClContext context, ReadOnlySpan<T> initial, BusTraffic bus, int? length = null)
    {
        _bus = bus;
        _shadow = new T[length ?? initial.Length];
        initial.CopyTo(_shadow);
        Buffer = context.CreateBuffer<T>(Math.Max(1, _shadow.Length));
        Buffer.Write(_shadow);
        bus.SetupBytes += (long)_shadow.Length * Unsafe.SizeOf<T>();
    }

    public ClBuffer<T> Buffer { get; }

    /// <summary>Copies host[from..to) where it differs from the device's copy.</summary>
    public void Upload(ReadOnlySpan<T> host, int from, int to)
    {
        var wanted = MemoryMarshal.AsBytes(host[from..to]);
        var held = MemoryMarshal.AsBytes(_shadow.AsSpan(from, to - from));
        int first = wanted.CommonPrefixLength(held);
        if (first == wanted.Length) return;
        int last = LastDifference(wanted, held);
        int size = Unsafe.SizeOf<T>();
        int firstElement = first / size, endElement = last / size + 1;
        var changed = host.Slice(from + firstElement, endElement - firstElement);
        Buffer.Write(changed, from + firstElement);
        changed.CopyTo(_shadow.AsSpan(from + firstElement));
        _bus.UploadBytes += (long)changed.Length * size;
    }

    /// <summary>Reads device[from..to) into the host array (and the shadow).</summary>
    public void Download(Span<T> host, int from, int to)
    {
        if (to <= from) return;
        var target = host[from..to];
        Buffer.Read(target, from);
        target.CopyTo(_shadow.AsSpan(from));
        _bus.DownloadBytes += (long)target.Length * Unsafe.SizeOf<T>();
    }

    public void Dispose() => Buffer.Dispose();

    /// <summary>The last differing byte, scanning vectorised blocks from the end; the spans are known to differ.</summary>
    private static int LastDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        for (int end = a.Length; end > 0;)
        {
            int start = Math.Max(0, end - BlockBytes);
            if (!a[start..end].SequenceEqual(b[start..end]))
                for (int i = end - 1; ; i--)
                    if (a[i] != b[i]) return i;
            end = start;
        }
        throw new InvalidOperationException("The spans were expected to differ.");
    }
}
