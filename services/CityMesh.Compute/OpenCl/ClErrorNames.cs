using System.Text;

namespace CityMesh.Compute.OpenCl;

/// <summary>C spellings and one-line explanations of <see cref="ClError"/> codes, for messages.</summary>
public static class ClErrorNames
{
    /// <summary>The C name, e.g. <c>CL_INVALID_KERNEL_NAME</c>; unknown codes read <c>CL_ERROR(-123)</c>.</summary>
    public static string ToClName(this ClError error)
    {
        if (!Enum.IsDefined(error))
            return $"CL_ERROR({(int)error})";
        var name = error.ToString();
        var c = new StringBuilder("CL_", name.Length + 12);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
                c.Append('_');
            c.Append(char.ToUpperInvariant(name[i]));
        }
        return c.ToString();
    }

    /// <summary>What the code usually means in practice; empty for codes that need no gloss.</summary>
    public static string Explain(this ClError error) => error switch
    {
        ClError.DeviceNotFound => "no OpenCL device of the requested type",
        ClError.DeviceNotAvailable => "the device exists but is not available (in use or in an exclusive mode)",
        ClError.CompilerNotAvailable => "the platform has no OpenCL C compiler",
        ClError.MemObjectAllocationFailure => "the device could not allocate memory for a buffer (too large for the device?)",
        ClError.OutOfResources => "the device ran out of resources (memory, registers, or a kernel faulted on the GPU)",
        ClError.OutOfHostMemory => "the OpenCL runtime ran out of host memory",
        ClError.BuildProgramFailure => "the program did not compile; see the build log",
        ClError.InvalidValue => "an argument value is not valid for this call",
        ClError.InvalidBinary => "the program binary is not valid for this device (stale or corrupt)",
        ClError.InvalidBuildOptions => "the build options are not valid",
        ClError.InvalidProgramExecutable => "the program has not been built successfully for the device",
        ClError.InvalidKernelName => "the program has no kernel of that name",
        ClError.InvalidArgIndex => "the kernel has no argument at that index",
        ClError.InvalidArgValue => "the value does not fit the kernel argument (a buffer where a scalar is expected, or the reverse?)",
        ClError.InvalidArgSize => "the value's size differs from the kernel argument's declared type",
        ClError.InvalidKernelArgs => "not every kernel argument has been set",
        ClError.InvalidWorkGroupSize => "the local size does not divide the global size or exceeds the device or kernel limit",
        ClError.InvalidGlobalWorkSize => "the global size is zero or too large for the device",
        ClError.InvalidBufferSize => "the buffer size is zero or larger than the device allows",
        ClError.PlatformNotFoundKhr => "no OpenCL platform is installed (see /etc/OpenCL/vendors)",
        _ => "",
    };
}
