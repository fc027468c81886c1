using Microsoft.Win32.SafeHandles;

namespace CityMesh.Compute.OpenCl.Native;

// One SafeHandle per OpenCL object kind, so a release runs exactly once even if Dispose is skipped, and a
// handle in use by a native call is not released underneath it. The public parameterless constructors are
// what the LibraryImport generator needs to hand back a created object.

internal sealed class ClContextHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => ClNative.clReleaseContext(handle) == 0;
}

internal sealed class ClCommandQueueHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => ClNative.clReleaseCommandQueue(handle) == 0;
}

internal sealed class ClProgramHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    /// <summary>A second, independently released reference to the same program (clRetainProgram).</summary>
    internal ClProgramHandle Retain()
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            ClException.Check(ClNative.clRetainProgram(handle), nameof(ClNative.clRetainProgram));
            var copy = new ClProgramHandle();
            copy.SetHandle(handle);
            return copy;
        }
        finally
        {
            if (added)
                DangerousRelease();
        }
    }

    protected override bool ReleaseHandle() => ClNative.clReleaseProgram(handle) == 0;
}

internal sealed class ClKernelHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => ClNative.clReleaseKernel(handle) == 0;
}

internal sealed class ClMemHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => ClNative.clReleaseMemObject(handle) == 0;
}
