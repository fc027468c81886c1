using System.Numerics;
using CityMesh.Compute.OpenCl.Native;

namespace CityMesh.Compute.OpenCl;

/// <summary>
/// A device buffer of <see cref="Length"/> elements of <typeparamref name="T"/>. Reads and writes block, so a
/// span may be reused as soon as the call returns; they queue behind earlier kernels on the in-order queue.
/// </summary>
public sealed unsafe class ClBuffer<T> : IDisposable where T : unmanaged
{
    internal ClBuffer(ClContext context, long length, ClMemoryAccess access)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var bytes = length > long.MaxValue / sizeof(T) ? long.MaxValue : length * sizeof(T);
        if (bytes > context.Device.MaxAllocationBytes)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"{length} elements of {typeof(T).Name} are {bytes} bytes, more than {context.Device.Name} allocates at once " +
                $"(CL_DEVICE_MAX_MEM_ALLOC_SIZE {context.Device.MaxAllocationBytes} bytes)");
        Context = context;
        Length = length;
        Access = access;
        var flags = access switch
        {
            ClMemoryAccess.ReadOnly => ClConstants.MemReadOnly,
            ClMemoryAccess.WriteOnly => ClConstants.MemWriteOnly,
            ClMemoryAccess.ReadWrite => ClConstants.MemReadWrite,
            _ => throw new ArgumentOutOfRangeException(nameof(access), access, "not a ClMemoryAccess value"),
        };
        Handle = ClNative.clCreateBuffer(context.Handle, flags, (nuint)bytes, null, out var error);
        ClException.CheckCreated(Handle, error, nameof(ClNative.clCreateBuffer), $"{bytes} bytes");
    }

    public ClContext Context { get; }

    /// <summary>Elements, not bytes.</summary>
    public long Length { get; }

    public long SizeInBytes => Length * sizeof(T);

    public ClMemoryAccess Access { get; }

    internal ClMemHandle Handle { get; }

    internal bool IsDisposed => Handle.IsClosed;

    /// <summary>Copies <paramref name="source"/> into the buffer starting at element <paramref name="offset"/>.</summary>
    public void Write(ReadOnlySpan<T> source, long offset = 0)
    {
        CheckRange(offset, source.Length, nameof(source));
        if (source.IsEmpty)
            return;
        fixed (T* data = source)
            ClException.Check(ClNative.clEnqueueWriteBuffer(Context.Queue, Handle, ClConstants.True,
                (nuint)(offset * sizeof(T)), (nuint)((long)source.Length * sizeof(T)), data, 0, null, null),
                nameof(ClNative.clEnqueueWriteBuffer));
    }

    /// <summary>Copies elements starting at <paramref name="offset"/> into <paramref name="destination"/>, after queued kernels finish.</summary>
    public void Read(Span<T> destination, long offset = 0)
    {
        CheckRange(offset, destination.Length, nameof(destination));
        if (destination.IsEmpty)
            return;
        fixed (T* data = destination)
            ClException.Check(ClNative.clEnqueueReadBuffer(Context.Queue, Handle, ClConstants.True,
                (nuint)(offset * sizeof(T)), (nuint)((long)destination.Length * sizeof(T)), data, 0, null, null),
                nameof(ClNative.clEnqueueReadBuffer));
    }

    /// <summary>The whole buffer as a new array.</summary>
    public T[] ToArray()
    {
        if (Length > Array.MaxLength)
            throw new InvalidOperationException($"A buffer of {Length} elements does not fit in one array; read it in parts with Read(span, offset)");
        var values = new T[Length];
        Read(values);
        return values;
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(T value) => Fill(value, 0, Length);

    /// <summary>Sets <paramref name="count"/> elements from <paramref name="offset"/> to <paramref name="value"/>.</summary>
    public void Fill(T value, long offset, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckRange(offset, count, nameof(count));
        if (count == 0)
            return;
        // clEnqueueFillBuffer takes patterns of 1, 2, 4, ... 128 bytes; other element sizes are written from the host.
        if (BitOperations.IsPow2(sizeof(T)) && sizeof(T) <= 128)
        {
            ClException.Check(ClNative.clEnqueueFillBuffer(Context.Queue, Handle, &value, (nuint)sizeof(T),
                (nuint)(offset * sizeof(T)), (nuint)(count * sizeof(T)), 0, null, null), nameof(ClNative.clEnqueueFillBuffer));
            return;
        }
        var chunk = new T[Math.Min(count, 1 << 16)];
        Array.Fill(chunk, value);
        for (var done = 0L; done < count; done += chunk.Length)
            Write(chunk.AsSpan(0, (int)Math.Min(chunk.Length, count - done)), offset + done);
    }

    public void Dispose() => Handle.Dispose();

    private void CheckRange(long offset, long count, string parameter)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset > Length || count > Length - offset)
            throw new ArgumentException(
                $"{count} elements starting at element {offset} do not fit in a buffer of {Length} elements", parameter);
    }
}
