namespace CityMesh.Compute;

/// <summary>Where kernels run; chosen by <c>CITYMESH_COMPUTE=auto|opencl-gpu|opencl-cpu|managed</c>.</summary>
public enum ComputeBackendKind
{
    /// <summary>An OpenCL GPU when one is present, else managed.</summary>
    Auto,
    OpenClGpu,
    OpenClCpu,
    /// <summary>Structure-of-arrays C# with System.Numerics.Vector and Parallel.For: the CPU fallback and the oracle.</summary>
    Managed,
}
