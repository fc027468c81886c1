using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute;

/// <summary>CITYMESH_COMPUTE holds a value that names no backend.</summary>
public class ComputeSelectionException(string message) : Exception(message);

/// <summary>An OpenCL backend was asked for explicitly and this machine has no such device.</summary>
public sealed class ComputeBackendUnavailableException(ComputeBackendKind requested, IReadOnlyList<ClDevice> foundDevices, string message)
    : ComputeSelectionException(message)
{
    public ComputeBackendKind Requested { get; } = requested;

    /// <summary>Every OpenCL device that was found, none of the requested type.</summary>
    public IReadOnlyList<ClDevice> FoundDevices { get; } = foundDevices;
}
