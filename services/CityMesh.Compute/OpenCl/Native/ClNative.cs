using System.Reflection;
using System.Runtime.InteropServices;

namespace CityMesh.Compute.OpenCl.Native;

/// <summary>
/// Source-generated bindings for exactly the OpenCL 1.2 entry points CityMesh uses.
/// Names stay as the C API spells them so they can be looked up in the Khronos reference.
/// </summary>
internal static unsafe partial class ClNative
{
    private const string Library = "OpenCL";

    // Debian ships only libOpenCL.so.1 without the -dev package; the static constructor runs before the
    // first call into any binding below, so the resolver is in place whenever the loader is needed.
    static ClNative() => NativeLibrary.SetDllImportResolver(typeof(ClNative).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
            return 0;
        foreach (var candidate in new[] { "libOpenCL.so.1", "libOpenCL.so", "OpenCL" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
                return handle;
        }
        return 0;
    }

    [LibraryImport(Library)]
    internal static partial int clGetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);

    [LibraryImport(Library)]
    internal static partial int clGetPlatformInfo(nint platform, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    internal static partial int clGetDeviceIDs(nint platform, ulong deviceType, uint numEntries, nint* devices, uint* numDevices);

    [LibraryImport(Library)]
    internal static partial int clGetDeviceInfo(nint device, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    internal static partial ClContextHandle clCreateContext(nint* properties, uint numDevices, nint* devices, nint notify, nint userData, out int errcode);

    [LibraryImport(Library)]
    internal static partial int clReleaseContext(nint context);

    [LibraryImport(Library)]
    internal static partial ClCommandQueueHandle clCreateCommandQueue(ClContextHandle context, nint device, ulong properties, out int errcode);

    [LibraryImport(Library)]
    internal static partial int clReleaseCommandQueue(nint queue);

    [LibraryImport(Library)]
    internal static partial int clFinish(ClCommandQueueHandle queue);

    [LibraryImport(Library)]
    internal static partial ClProgramHandle clCreateProgramWithSource(ClContextHandle context, uint count, byte** strings, nuint* lengths, out int errcode);

    [LibraryImport(Library)]
    internal static partial ClProgramHandle clCreateProgramWithBinary(ClContextHandle context, uint numDevices, nint* devices, nuint* lengths, byte** binaries, int* binaryStatus, out int errcode);

    [LibraryImport(Library)]
    internal static partial int clBuildProgram(ClProgramHandle program, uint numDevices, nint* devices, byte* options, nint notify, nint userData);

    [LibraryImport(Library)]
    internal static partial int clGetProgramInfo(ClProgramHandle program, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    internal static partial int clGetProgramBuildInfo(ClProgramHandle program, nint device, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    internal static partial int clRetainProgram(nint program);

    [LibraryImport(Library)]
    internal static partial int clReleaseProgram(nint program);

    [LibraryImport(Library)]
    internal static partial ClKernelHandle clCreateKernel(ClProgramHandle program, byte* kernelName, out int errcode);

    [LibraryImport(Library)]
    internal static partial int clGetKernelInfo(ClKernelHandle kernel, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    internal static partial int clGetKernelWorkGroupInfo(ClKernelHandle kernel, nint device, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    internal static partial int clSetKernelArg(ClKernelHandle kernel, uint argIndex, nuint argSize, void* argValue);

    [LibraryImport(Library)]
    internal static partial int clReleaseKernel(nint kernel);

    [LibraryImport(Library)]
    internal static partial ClMemHandle clCreateBuffer(ClContextHandle context, ulong flags, nuint size, void* hostPtr, out int errcode);

    [LibraryImport(Library)]
    internal static partial int clReleaseMemObject(nint memObject);

    [LibraryImport(Library)]
    internal static partial int clEnqueueWriteBuffer(ClCommandQueueHandle queue, ClMemHandle buffer, uint blocking, nuint offset, nuint size, void* source, uint numEvents, nint* waitList, nint* evt);

    [LibraryImport(Library)]
    internal static partial int clEnqueueReadBuffer(ClCommandQueueHandle queue, ClMemHandle buffer, uint blocking, nuint offset, nuint size, void* destination, uint numEvents, nint* waitList, nint* evt);

    [LibraryImport(Library)]
    internal static partial int clEnqueueFillBuffer(ClCommandQueueHandle queue, ClMemHandle buffer, void* pattern, nuint patternSize, nuint offset, nuint size, uint numEvents, nint* waitList, nint* evt);

    [LibraryImport(Library)]
    internal static partial int clEnqueueNDRangeKernel(ClCommandQueueHandle queue, ClKernelHandle kernel, uint workDim, nuint* globalOffset, nuint* globalSize, nuint* localSize, uint numEvents, nint* waitList, nint* evt);
}
