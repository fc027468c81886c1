using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute;

/// <summary>The backend chosen for a run, to log and to record with its results.</summary>
/// <param name="Requested">What was asked for (often <see cref="ComputeBackendKind.Auto"/>).</param>
/// <param name="Kind">What was chosen: never Auto.</param>
/// <param name="Device">The OpenCL device for the OpenCL kinds; null for managed.</param>
/// <param name="Managed">The managed backend's resources, also the fallback for OpenCL kinds.</param>
/// <param name="Description">e.g. "OpenCL GPU: NVIDIA H100 80GB HBM3 (driver 550.54.15)" or "managed: 2 cores, Vector&lt;float&gt; width 8".</param>
/// <param name="Reason">Why this one, e.g. "auto: no OpenCL GPU among 1 OpenCL device(s)".</param>
public sealed record ComputeSelection(
    ComputeBackendKind Requested,
    ComputeBackendKind Kind,
    ClDevice? Device,
    ManagedCompute Managed,
    string Description,
    string Reason)
{
    public bool IsOpenCl => Device is not null;

    public override string ToString() => $"{Description} ({Reason})";
}
