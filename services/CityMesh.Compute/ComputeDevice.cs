namespace CityMesh.Compute;

/// <summary>
/// A device ILGPU can run kernels on, as found on this machine: what to log and to record with results.
/// </summary>
/// <param name="Kind">Cuda, OpenCl or IlgpuCpu.</param>
/// <param name="Name">The device's own name, e.g. "NVIDIA H100 80GB HBM3".</param>
/// <param name="MemoryBytes">Device memory; null for the CPU accelerator, which uses host memory.</param>
/// <param name="ComputeCapability">"sm_90" for CUDA, the OpenCL version for OpenCL, null for the CPU accelerator.</param>
/// <param name="IsGpu">Whether it is a GPU (auto only ever picks a GPU).</param>
/// <param name="Ordinal">Its place among ILGPU's devices of its kind, to open it again.</param>
public sealed record ComputeDevice(ComputeBackendKind Kind, string Name, long? MemoryBytes, string? ComputeCapability, bool IsGpu, int Ordinal)
{
    /// <summary>e.g. "cuda: NVIDIA H100 80GB HBM3, 79.1 GiB, sm_90" or "ilgpu-cpu: CPUAccelerator (host memory)".</summary>
    public string Description =>
        $"{Kind.ToVariableValue()}: {Name}, " +
        (MemoryBytes is long bytes ? $"{bytes / (1024.0 * 1024 * 1024):F1} GiB" : "host memory") +
        (ComputeCapability is null ? "" : $", {ComputeCapability}");

    public override string ToString() => Description;
}
