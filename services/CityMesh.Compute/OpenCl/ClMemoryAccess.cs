namespace CityMesh.Compute.OpenCl;

/// <summary>How kernels use a buffer (CL_MEM_READ_WRITE / READ_ONLY / WRITE_ONLY); the host may always read and write it.</summary>
public enum ClMemoryAccess
{
    ReadWrite,
    ReadOnly,
    WriteOnly,
}
