using CityMesh.Compute;

namespace CityMesh.Simulation.Tests.EngineGpu;

/// <summary>ILGPU's CPU accelerator, on which CI runs the ILGPU kernels (no GPU there); always present.</summary>
internal static class CpuAccelerator
{
    public static ComputeSelection Selection => ComputeSelector.Select(ComputeBackendKind.IlgpuCpu);

    public static ComputeDevice Device => Selection.Device!;
}
