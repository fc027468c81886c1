namespace CityMesh.Compute;

/// <summary>Where kernels run; chosen by <c>CITYMESH_COMPUTE=auto|cuda|opencl|managed|ilgpu-cpu</c>.</summary>
public enum ComputeBackendKind
{
    /// <summary>A CUDA GPU, else an OpenCL GPU ILGPU can drive, else managed.</summary>
    Auto,
    /// <summary>The ILGPU kernels on an NVIDIA GPU through ILGPU's CUDA backend (the driver only, no toolkit).</summary>
    Cuda,
    /// <summary>The ILGPU kernels through ILGPU's OpenCL backend, on a device with OpenCL 2.0 generic address space.</summary>
    OpenCl,
    /// <summary>Structure-of-arrays C# with System.Numerics.Vector and Parallel.For: the CPU fallback and the oracle.</summary>
    Managed,
    /// <summary>The ILGPU kernels on ILGPU's CPU accelerator: exact, and 1,000× slower than managed; for tests and debugging.</summary>
    IlgpuCpu,
}
