using CityMesh.Compute;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>The plate renderer for a <see cref="ComputeSelection"/>: OpenCL on its device, or managed.</summary>
public static class PlateRenderers
{
    public static IPlateRenderer Create(ComputeSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Device is { } device ? new OpenClPlateRenderer(device) : new ManagedPlateRenderer();
    }

    /// <summary>What to log and record: the device for OpenCL, the managed backend's resources otherwise.</summary>
    public static string Describe(IPlateRenderer renderer, ComputeSelection selection)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(selection);
        return renderer is OpenClPlateRenderer openCl ? openCl.Description : selection.Managed.Description;
    }
}
