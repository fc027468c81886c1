namespace CityMesh.Compute.OpenCl;

// Named subclasses for the codes callers can act on: catch the kind, not a number.

/// <summary>CL_DEVICE_NOT_FOUND: no device of the requested type.</summary>
public sealed class ClDeviceNotFoundException(string function, string? detail = null)
    : ClException(ClError.DeviceNotFound, function, detail);

/// <summary>CL_MEM_OBJECT_ALLOCATION_FAILURE: the device could not back a buffer; try smaller buffers or batches.</summary>
public sealed class ClMemObjectAllocationFailureException(string function, string? detail = null)
    : ClException(ClError.MemObjectAllocationFailure, function, detail);

/// <summary>CL_OUT_OF_RESOURCES: the device ran out of resources, or (on NVIDIA) a kernel faulted.</summary>
public sealed class ClOutOfResourcesException(string function, string? detail = null)
    : ClException(ClError.OutOfResources, function, detail);

/// <summary>CL_OUT_OF_HOST_MEMORY: the runtime could not allocate host memory.</summary>
public sealed class ClOutOfHostMemoryException(string function, string? detail = null)
    : ClException(ClError.OutOfHostMemory, function, detail);

/// <summary>CL_INVALID_BINARY: a cached program binary the driver no longer accepts.</summary>
public sealed class ClInvalidBinaryException(string function, string? detail = null)
    : ClException(ClError.InvalidBinary, function, detail);

/// <summary>CL_INVALID_KERNEL_NAME: the program has no <c>__kernel</c> of that name.</summary>
public sealed class ClInvalidKernelNameException(string function, string kernelName, string? detail = null)
    : ClException(ClError.InvalidKernelName, function, detail)
{
    public string KernelName { get; } = kernelName;
}

/// <summary>CL_INVALID_ARG_INDEX, _VALUE, _SIZE or CL_INVALID_KERNEL_ARGS: a kernel argument does not fit.</summary>
public sealed class ClInvalidArgException(ClError error, string function, string? detail = null)
    : ClException(error, function, detail);

/// <summary>CL_INVALID_WORK_GROUP_SIZE: the local size does not divide the global size or exceeds a limit.</summary>
public sealed class ClInvalidWorkGroupSizeException(string function, string? detail = null)
    : ClException(ClError.InvalidWorkGroupSize, function, detail);
