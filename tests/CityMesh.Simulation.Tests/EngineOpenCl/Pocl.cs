using CityMesh.Compute.OpenCl;

namespace CityMesh.Simulation.Tests.EngineOpenCl;

/// <summary>PoCL's CPU device, on which CI checks the OpenCL kernels; its absence fails the tests, naming what to install.</summary>
internal static class Pocl
{
    /// <summary>PoCL's device first, then any other device found (a GPU on a GPU node), so each is checked where present.</summary>
    public static IReadOnlyList<ClDevice> DevicesToCheck => [Device, .. ClDiscovery.Devices().Where(d => d != Device)];

    public static ClDevice Device =>
        ClDiscovery.Devices().FirstOrDefault(d => d.Type == ClDeviceType.Cpu)
        ?? throw new InvalidOperationException(
            "No OpenCL CPU device: install the loader and PoCL (apt-get install ocl-icd-libopencl1 pocl-opencl-icd) to test the OpenCL kernels.");
}
