namespace CityMesh.Compute.OpenCl;

/// <summary>What kind of processor an OpenCL device is (CL_DEVICE_TYPE, reduced to the one that matters).</summary>
public enum ClDeviceType
{
    Other,
    Cpu,
    Gpu,
    Accelerator,
}
