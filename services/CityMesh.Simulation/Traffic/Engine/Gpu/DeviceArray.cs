using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Simulation.Traffic.Engine.Gpu;

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
    private readonly AcceleratorStream _stream;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _buffer;

    public DeviceArray(Accelerator accelerator, AcceleratorStream stream, ReadOnlySpan<T> initial, BusTraffic bus, int? length = null)
    {
        _bus = bus;
        _stream = stream;
        _shadow = new T[Math.Max(1, length ?? initial.Length)];
        initial.CopyTo(_shadow);
        _buffer = accelerator.Allocate1D<T>(_shadow.Length);
        _buffer.View.CopyFromCPU(stream, _shadow);
        bus.SetupBytes += (long)_shadow.Length * Unsafe.SizeOf<T>();
    }

    public ArrayView<T> View => _buffer.View;

    /// <summary>Copies host[from..to) where it differs from the device's copy.</summary>
    public void Upload(ReadOnlySpan<T> host, int from, int to)
    {
        if (to <= from) return;
        var wanted = MemoryMarshal.AsBytes(host[from..to]);
        var held = MemoryMarshal.AsBytes(_shadow.AsSpan(from, to - from));
        int first = wanted.CommonPrefixLength(held);
        if (first == wanted.Length) return;
        int last = LastDifference(wanted, held);
        int size = Unsafe.SizeOf<T>();
        int firstElement = first / size, endElement = last / size + 1;
        var changed = host.Slice(from + firstElement, endElement - firstElement);
        _buffer.View.SubView(from + firstElement, changed.Length).CopyFromCPU(_stream, changed);
        changed.CopyTo(_shadow.AsSpan(from + firstElement));
        _bus.UploadBytes += (long)changed.Length * size;
    }

    /// <summary>Queues a read of device[from..to) into the host array (and the shadow); valid after the stream synchronises.</summary>
    public void Download(Span<T> host, int from, int to)
    {
        if (to <= from) return;
        var target = host[from..to];
        _buffer.View.SubView(from, target.Length).CopyToCPU(_stream, target);
        _bus.DownloadBytes += (long)target.Length * Unsafe.SizeOf<T>();
    }

    /// <summary>Brings the shadow up to date with a finished download (the device and host now hold the same).</summary>
    public void Settle(ReadOnlySpan<T> host, int from, int to)
    {
        if (to > from) host[from..to].CopyTo(_shadow.AsSpan(from));
    }

    public void Dispose() => _buffer.Dispose();

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
