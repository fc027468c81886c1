namespace CityMesh.Compute;

/// <summary>The backend chosen for a run, to log and to record with its results.</summary>
/// <param name="Requested">What was asked for (often <see cref="ComputeBackendKind.Auto"/>).</param>
/// <param name="Kind">What was chosen: never Auto.</param>
/// <param name="Device">The ILGPU device for the ILGPU kinds (cuda, opencl, ilgpu-cpu); null for managed.</param>
/// <param name="Managed">The managed backend's resources (the host phases use them on every backend).</param>
/// <param name="Description">e.g. "cuda: NVIDIA H100 80GB HBM3, 79.1 GiB, sm_90" or "managed: 2 cores, Vector&lt;float&gt; width 8".</param>
/// <param name="Reason">Why this one, e.g. "auto: no CUDA or OpenCL GPU that ILGPU can drive".</param>
public sealed record ComputeSelection(
    ComputeBackendKind Requested,
    ComputeBackendKind Kind,
    ComputeDevice? Device,
    ManagedCompute Managed,
    string Description,
    string Reason)
{
    /// <summary>Whether the ILGPU kernels run (on a GPU or on the CPU accelerator) rather than the managed ones.</summary>
    public bool IsIlgpu => Device is not null;

    public override string ToString() => $"{Description} ({Reason})";
}
