using CityMesh.Compute.OpenCl.Native;

namespace CityMesh.Compute.OpenCl;

/// <summary>
/// One <c>__kernel</c> with its arguments. Arguments stay set between launches. A kernel object is not
/// meant to be shared between threads that set arguments concurrently (OpenCL's rule as well).
/// </summary>
public sealed unsafe class ClKernel : IDisposable
{
    private readonly bool[] _set;
    // Buffer handles passed as arguments stay reachable until replaced, so a launch never sees a finalised one.
    private readonly ClMemHandle?[] _buffers;

    internal ClKernel(ClContext context, ClKernelHandle handle, string name)
    {
        Context = context;
        Handle = handle;
        Name = name;
        ArgumentCount = (int)ClInfo.Value<uint>(
            (size, value, ret) => ClNative.clGetKernelInfo(handle, ClConstants.KernelNumArgs, size, value, ret),
            nameof(ClNative.clGetKernelInfo));
        WorkGroupSize = (long)ClInfo.Value<nuint>(
            (size, value, ret) => ClNative.clGetKernelWorkGroupInfo(handle, context.Device.Id, ClConstants.KernelWorkGroupSize, size, value, ret),
            nameof(ClNative.clGetKernelWorkGroupInfo));
        _set = new bool[ArgumentCount];
        _buffers = new ClMemHandle?[ArgumentCount];
    }

    public ClContext Context { get; }

    public string Name { get; }

    public int ArgumentCount { get; }

    /// <summary>The largest local size this kernel can be launched with on the device (CL_KERNEL_WORK_GROUP_SIZE).</summary>
    public long WorkGroupSize { get; }

    internal ClKernelHandle Handle { get; }

    /// <summary>Binds a buffer to a <c>__global</c> or <c>__constant</c> pointer argument.</summary>
    public void SetArg<T>(int index, ClBuffer<T> buffer) where T : unmanaged
    {
        CheckIndex(index);
        ArgumentNullException.ThrowIfNull(buffer);
        ObjectDisposedException.ThrowIf(buffer.IsDisposed, buffer);
        if (!ReferenceEquals(buffer.Context, Context))
            throw new ArgumentException($"The buffer belongs to another context than kernel '{Name}'", nameof(buffer));
        var added = false;
        buffer.Handle.DangerousAddRef(ref added);
        try
        {
            var memory = buffer.Handle.DangerousGetHandle();
            Set(index, (nuint)sizeof(nint), &memory);
        }
        finally
        {
            if (added)
                buffer.Handle.DangerousRelease();
        }
        _buffers[index] = buffer.Handle;
    }

    /// <summary>Passes a value (int, float, a struct matching an OpenCL struct...) by value.</summary>
    public void SetArg<T>(int index, T value) where T : unmanaged
    {
        CheckIndex(index);
        Set(index, (nuint)sizeof(T), &value);
        _buffers[index] = null;
    }

    /// <summary>Reserves <paramref name="elementCount"/> elements of <c>__local</c> memory per work group for argument <paramref name="index"/>.</summary>
    public void SetLocalMemory<T>(int index, long elementCount) where T : unmanaged
    {
        CheckIndex(index);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(elementCount);
        if (elementCount > Context.Device.LocalMemoryBytes / sizeof(T))
            throw new ArgumentOutOfRangeException(nameof(elementCount), elementCount,
                $"{elementCount} elements of {typeof(T).Name} exceed the {Context.Device.LocalMemoryBytes} bytes of local memory {Context.Device.Name} has per work group");
        var bytes = elementCount * sizeof(T);
        Set(index, (nuint)bytes, null);
        _buffers[index] = null;
    }

    /// <summary>Enqueues the kernel over <paramref name="global"/> work items in groups of <paramref name="local"/> (or the driver's choice).</summary>
    public void Launch(ClNDRange global, ClNDRange? local = null)
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        CheckLaunch(global, local);
        var globalSizes = stackalloc nuint[3];
        var localSizes = stackalloc nuint[3];
        for (var d = 0; d < global.Dimensions; d++)
        {
            globalSizes[d] = (nuint)global[d];
            localSizes[d] = local is { } l ? (nuint)l[d] : 0;
        }
        ClException.Check(ClNative.clEnqueueNDRangeKernel(Context.Queue, Handle, (uint)global.Dimensions, null,
            globalSizes, local is null ? null : localSizes, 0, null, null),
            nameof(ClNative.clEnqueueNDRangeKernel), $"kernel '{Name}', global {global}, local {local?.ToString() ?? "driver's choice"}");
    }

    public void Dispose() => Handle.Dispose();

    private void Set(int index, nuint size, void* value)
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        ClException.Check(ClNative.clSetKernelArg(Handle, (uint)index, size, value), nameof(ClNative.clSetKernelArg),
            $"kernel '{Name}' argument {index}, {size} bytes");
        _set[index] = true;
    }

    private void CheckIndex(int index)
    {
        if (index < 0 || index >= ArgumentCount)
            throw new ArgumentOutOfRangeException(nameof(index), index,
                $"Kernel '{Name}' has {ArgumentCount} arguments (indices 0 to {ArgumentCount - 1})");
    }

    private void CheckLaunch(ClNDRange global, ClNDRange? local)
    {
        if (global.Dimensions == 0 || global.X <= 0 || global.Y <= 0 || global.Z <= 0)
            throw new ArgumentOutOfRangeException(nameof(global), global, "Every dimension of the global size must be positive");
        if (local is { } l)
        {
            if (l.Dimensions != global.Dimensions)
                throw new ArgumentException($"The local size has {l.Dimensions} dimensions, the global size {global.Dimensions}", nameof(local));
            if (l.X <= 0 || l.Y <= 0 || l.Z <= 0)
                throw new ArgumentOutOfRangeException(nameof(local), l, "Every dimension of the local size must be positive");
            if (l.Count > WorkGroupSize)
                throw new ArgumentOutOfRangeException(nameof(local), l,
                    $"A work group of {l.Count} items exceeds what kernel '{Name}' allows on {Context.Device.Name} ({WorkGroupSize})");
            for (var d = 0; d < global.Dimensions; d++)
            {
                if (global[d] % l[d] != 0)
                    throw new ArgumentException(
                        $"OpenCL 1.2 needs the global size ({global}) to be a multiple of the local size ({l}); " +
                        "round it up with ClWorkSize.RoundUp and skip the surplus ids in the kernel", nameof(local));
            }
        }
        var unset = Enumerable.Range(0, ArgumentCount).Where(i => !_set[i]).ToList();
        if (unset.Count > 0)
            throw new InvalidOperationException($"Kernel '{Name}' argument(s) {string.Join(", ", unset)} not set before launch");
        for (var i = 0; i < ArgumentCount; i++)
        {
            if (_buffers[i] is { IsClosed: true })
                throw new ObjectDisposedException($"argument {i} of kernel '{Name}'", "The buffer bound to this argument was disposed");
        }
    }
}
