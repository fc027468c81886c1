using System.Collections.Concurrent;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace CityMesh.Compute.Ilgpu;

/// <summary>
/// The process's one ILGPU context and the accelerators opened on it. A context holds ILGPU's compiled-kernel cache
/// and an accelerator holds a driver context, both costly to make, so every simulation and renderer of the process
/// shares them; each user makes its own <see cref="AcceleratorStream"/> and buffers.
/// </summary>
public static class IlgpuRuntime
{
    // CUDA first (the driver only: without one ILGPU lists no device); OpenCL lists only devices ILGPU can drive
    // (OpenCL 2.0 generic address space, so not Debian's PoCL); the CPU accelerator is always there.
    // EnableAlgorithms maps MathF.Exp, rounding and the like to device intrinsics.
    private static readonly Lazy<Context> Shared = new(() => Context.Create(b => b.Cuda().OpenCL().CPU().EnableAlgorithms()));
    private static readonly Lazy<IReadOnlyList<ComputeDevice>> Found = new(Discover);
    private static readonly ConcurrentDictionary<ComputeDevice, Lazy<Accelerator>> Opened = new();

    public static Context Context => Shared.Value;

    /// <summary>Every device ILGPU can run kernels on here: CUDA GPUs, OpenCL devices it supports, then its CPU accelerator.</summary>
    public static IReadOnlyList<ComputeDevice> Devices() => Found.Value;

    /// <summary>The accelerator on <paramref name="device"/>, opened once per process.</summary>
    public static Accelerator Accelerator(ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Opened.GetOrAdd(device, d => new Lazy<Accelerator>(() => Open(d))).Value;
    }

    private static Accelerator Open(ComputeDevice device) => device.Kind switch
    {
        ComputeBackendKind.Cuda => Context.GetCudaDevice(device.Ordinal).CreateAccelerator(Context),
        ComputeBackendKind.OpenCl => Context.GetCLDevice(device.Ordinal).CreateAccelerator(Context),
        ComputeBackendKind.IlgpuCpu => Context.GetCPUDevice(device.Ordinal).CreateAccelerator(Context),
        _ => throw new ArgumentException($"{device.Kind} is not an ILGPU device kind", nameof(device)),
    };

    private static IReadOnlyList<ComputeDevice> Discover()
    {
        var context = Context;
        var devices = new List<ComputeDevice>();
        var cuda = context.GetCudaDevices();
        for (int i = 0; i < cuda.Count; i++)
        {
            var d = cuda[i];
            string? capability = d.Architecture is { } arch ? $"sm_{arch.Major}{arch.Minor}" : null;
            devices.Add(new ComputeDevice(ComputeBackendKind.Cuda, d.Name, d.MemorySize, capability, IsGpu: true, i));
        }
        var openCl = context.GetCLDevices();
        for (int i = 0; i < openCl.Count; i++)
        {
            var d = openCl[i];
            devices.Add(new ComputeDevice(ComputeBackendKind.OpenCl, d.Name, d.MemorySize, $"OpenCL {d.DeviceVersion}",
                IsGpu: d.DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU, i));
        }
        // The first CPU device simulates 4-wide warps: the least bookkeeping per thread, so the fastest to test on.
        devices.Add(new ComputeDevice(ComputeBackendKind.IlgpuCpu, "ILGPU CPU accelerator", null, null, IsGpu: false, 0));
        return devices;
    }
}
