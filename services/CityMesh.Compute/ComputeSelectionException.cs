namespace CityMesh.Compute;

/// <summary>CITYMESH_COMPUTE holds a value that names no backend.</summary>
public class ComputeSelectionException(string message) : Exception(message);

/// <summary>An ILGPU backend was asked for explicitly and this machine has no such device.</summary>
public sealed class ComputeBackendUnavailableException(ComputeBackendKind requested, IReadOnlyList<ComputeDevice> foundDevices, string message)
    : ComputeSelectionException(message)
{
    public ComputeBackendKind Requested { get; } = requested;

    /// <summary>Every ILGPU device that was found, none of the requested kind.</summary>
    public IReadOnlyList<ComputeDevice> FoundDevices { get; } = foundDevices;
}
