namespace CityMesh.Compute.OpenCl;

/// <summary>One OpenCL device as discovered; <see cref="ClContext"/> runs kernels on it.</summary>
public sealed record ClDevice(
    string Name,
    string Vendor,
    ClDeviceType Type,
    int ComputeUnits,
    long GlobalMemoryBytes,
    long LocalMemoryBytes,
    long MaxAllocationBytes,
    int MaxWorkGroupSize,
    string DeviceVersion,
    string OpenClCVersion,
    string DriverVersion,
    string PlatformName,
    string PlatformVersion)
{
    /// <summary>cl_device_id: root devices are not reference counted, so a plain value is enough.</summary>
    internal nint Id { get; init; }

    /// <summary>cl_platform_id, for the context properties.</summary>
    internal nint PlatformId { get; init; }

    /// <summary>e.g. "NVIDIA H100 80GB HBM3 (GPU, driver 550.54, NVIDIA CUDA)".</summary>
    public override string ToString() => $"{Name} ({Type.ToString().ToUpperInvariant()}, driver {DriverVersion}, {PlatformName})";
}
