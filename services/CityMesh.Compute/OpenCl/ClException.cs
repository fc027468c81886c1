using System.Runtime.InteropServices;

namespace CityMesh.Compute.OpenCl;

/// <summary>An OpenCL call returned an error code. Common codes raise the named subclasses.</summary>
public class ClException : Exception
{
    public ClException(ClError error, string function, string? detail = null)
        : base(Describe(error, function, detail))
    {
        Error = error;
        Function = function;
    }

    /// <summary>The code the call returned.</summary>
    public ClError Error { get; }

    /// <summary>The OpenCL function that failed, e.g. <c>clCreateKernel</c>.</summary>
    public string Function { get; }

    private static string Describe(ClError error, string function, string? detail)
    {
        var explanation = error.Explain();
        var message = $"{function} failed with {error.ToClName()} ({(int)error})";
        if (explanation.Length > 0)
            message += $": {explanation}";
        if (!string.IsNullOrWhiteSpace(detail))
            message += $". {detail}";
        return message;
    }

    /// <summary>Throws the matching exception when <paramref name="code"/> is not CL_SUCCESS.</summary>
    internal static void Check(int code, string function, string? detail = null)
    {
        if (code != 0)
            throw From((ClError)code, function, detail);
    }

    /// <summary>For clCreate* calls: disposes a half-made handle and throws when the call failed.</summary>
    internal static void CheckCreated(SafeHandle handle, int code, string function, string? detail = null)
    {
        if (code == 0 && !handle.IsInvalid)
            return;
        handle.Dispose();
        // A null object with CL_SUCCESS breaks the spec; report it as an invalid value rather than pass it on.
        Check(code == 0 ? (int)ClError.InvalidValue : code, function, detail);
    }

    internal static ClException From(ClError error, string function, string? detail = null) => error switch
    {
        ClError.DeviceNotFound => new ClDeviceNotFoundException(function, detail),
        ClError.MemObjectAllocationFailure => new ClMemObjectAllocationFailureException(function, detail),
        ClError.OutOfResources => new ClOutOfResourcesException(function, detail),
        ClError.OutOfHostMemory => new ClOutOfHostMemoryException(function, detail),
        ClError.BuildProgramFailure => new ClBuildProgramFailureException(function, [], detail),
        ClError.InvalidBinary => new ClInvalidBinaryException(function, detail),
        ClError.InvalidKernelName => new ClInvalidKernelNameException(function, detail ?? "", detail),
        ClError.InvalidArgIndex or ClError.InvalidArgValue or ClError.InvalidArgSize or ClError.InvalidKernelArgs
            => new ClInvalidArgException(error, function, detail),
        ClError.InvalidWorkGroupSize => new ClInvalidWorkGroupSizeException(function, detail),
        _ => new ClException(error, function, detail),
    };
}
