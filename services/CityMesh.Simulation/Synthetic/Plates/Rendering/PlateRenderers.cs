using CityMesh.Compute;
using CityMesh.Simulation.Synthetic.Plates.Rendering.Gpu;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>The plate renderer for a <see cref="ComputeSelection"/>: the ILGPU kernels on its device, or managed.</summary>
public static class PlateRenderers
{
    public static IPlateRenderer Create(ComputeSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Device is { } device ? new IlgpuPlateRenderer(device) : new ManagedPlateRenderer();
    }

    /// <summary>What to log and record: the device for ILGPU, the managed backend's resources otherwise.</summary>
    public static string Describe(IPlateRenderer renderer, ComputeSelection selection)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(selection);
        return renderer is IlgpuPlateRenderer gpu ? gpu.Description : selection.Managed.Description;
    }
}
