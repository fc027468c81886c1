namespace CityMesh.Compute.OpenCl.Native;

/// <summary>The OpenCL 1.2 enumerants CityMesh passes (values from CL/cl.h).</summary>
internal static class ClConstants
{
    internal const uint True = 1;

    internal const uint PlatformProfile = 0x0900;
    internal const uint PlatformVersion = 0x0901;
    internal const uint PlatformName = 0x0902;
    internal const uint PlatformVendor = 0x0903;

    internal const ulong DeviceTypeCpu = 1 << 1;
    internal const ulong DeviceTypeGpu = 1 << 2;
    internal const ulong DeviceTypeAccelerator = 1 << 3;
    internal const ulong DeviceTypeAll = 0xFFFFFFFF;

    internal const uint DeviceType = 0x1000;
    internal const uint DeviceMaxComputeUnits = 0x1002;
    internal const uint DeviceMaxWorkGroupSize = 0x1004;
    internal const uint DeviceMaxMemAllocSize = 0x1010;
    internal const uint DeviceGlobalMemSize = 0x101F;
    internal const uint DeviceLocalMemSize = 0x1023;
    internal const uint DeviceName = 0x102B;
    internal const uint DeviceVendor = 0x102C;
    internal const uint DriverVersion = 0x102D;
    internal const uint DeviceVersion = 0x102F;
    internal const uint DeviceOpenClCVersion = 0x103D;

    internal const nint ContextPlatform = 0x1084;

    internal const ulong MemReadWrite = 1 << 0;
    internal const ulong MemWriteOnly = 1 << 1;
    internal const ulong MemReadOnly = 1 << 2;

    internal const uint ProgramBinarySizes = 0x1165;
    internal const uint ProgramBinaries = 0x1166;
    internal const uint ProgramBuildLog = 0x1183;

    internal const uint KernelFunctionName = 0x1190;
    internal const uint KernelNumArgs = 0x1191;
    internal const uint KernelWorkGroupSize = 0x11B0;
}
