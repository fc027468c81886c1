using CityMesh.Compute.OpenCl.Native;

namespace CityMesh.Compute.OpenCl;

/// <summary>
/// Finds the installed OpenCL platforms and devices. A machine without the loader library, without any ICD,
/// or with a broken one yields an empty list: callers fall back to managed code instead of failing.
/// </summary>
public static unsafe class ClDiscovery
{
    /// <summary>
    /// One discovery at a time: the ICD loader and PoCL set themselves up on the first query and are not safe to
    /// enter from several threads then (16 threads querying at once crashed the process with SIGSEGV in 38 of 60
    /// runs with ocl-icd 2.3 and PoCL 3.1). Test classes and services that choose a backend do query at once.
    /// </summary>
    private static readonly Lock Discovering = new();

    /// <summary>Every platform with its devices; empty when OpenCL is not usable here.</summary>
    public static IReadOnlyList<ClPlatform> Platforms()
    {
        lock (Discovering) return Discover();
    }

    private static IReadOnlyList<ClPlatform> Discover()
    {
        nint[] ids;
        try
        {
            ids = PlatformIds();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or ClException)
        {
            return [];
        }
        var platforms = new List<ClPlatform>(ids.Length);
        foreach (var id in ids)
        {
            // One broken ICD must not hide the others.
            try
            {
                platforms.Add(Describe(id));
            }
            catch (ClException)
            {
            }
        }
        return platforms;
    }

    /// <summary>Every device of every platform, in platform order.</summary>
    public static IReadOnlyList<ClDevice> Devices() => Platforms().SelectMany(p => p.Devices).ToList();

    private static nint[] PlatformIds()
    {
        uint count;
        var code = ClNative.clGetPlatformIDs(0, null, &count);
        // The ICD loader reports "no platform" as an error code rather than a zero count.
        if (code == (int)ClError.PlatformNotFoundKhr || (code == 0 && count == 0))
            return [];
        ClException.Check(code, nameof(ClNative.clGetPlatformIDs));
        var ids = new nint[count];
        fixed (nint* p = ids)
            ClException.Check(ClNative.clGetPlatformIDs(count, p, null), nameof(ClNative.clGetPlatformIDs));
        return ids;
    }

    private static ClPlatform Describe(nint id)
    {
        string Info(uint param) => ClInfo.String(
            (size, value, ret) => ClNative.clGetPlatformInfo(id, param, size, value, ret), nameof(ClNative.clGetPlatformInfo));

        var name = Info(ClConstants.PlatformName);
        var version = Info(ClConstants.PlatformVersion);
        var devices = DeviceIds(id).Select(d => DescribeDevice(id, name, version, d)).ToList();
        return new ClPlatform(name, Info(ClConstants.PlatformVendor), version, Info(ClConstants.PlatformProfile), devices);
    }

    private static nint[] DeviceIds(nint platform)
    {
        uint count;
        var code = ClNative.clGetDeviceIDs(platform, ClConstants.DeviceTypeAll, 0, null, &count);
        if (code == (int)ClError.DeviceNotFound || (code == 0 && count == 0))
            return [];
        ClException.Check(code, nameof(ClNative.clGetDeviceIDs));
        var ids = new nint[count];
        fixed (nint* p = ids)
            ClException.Check(ClNative.clGetDeviceIDs(platform, ClConstants.DeviceTypeAll, count, p, null), nameof(ClNative.clGetDeviceIDs));
        return ids;
    }

    private static ClDevice DescribeDevice(nint platform, string platformName, string platformVersion, nint id)
    {
        ClInfoQuery Query(uint param) => (size, value, ret) => ClNative.clGetDeviceInfo(id, param, size, value, ret);
        string Text(uint param) => ClInfo.String(Query(param), nameof(ClNative.clGetDeviceInfo));
        T Value<T>(uint param) where T : unmanaged => ClInfo.Value<T>(Query(param), nameof(ClNative.clGetDeviceInfo));

        return new ClDevice(
            Name: Text(ClConstants.DeviceName),
            Vendor: Text(ClConstants.DeviceVendor),
            Type: TypeOf(Value<ulong>(ClConstants.DeviceType)),
            ComputeUnits: (int)Value<uint>(ClConstants.DeviceMaxComputeUnits),
            GlobalMemoryBytes: (long)Value<ulong>(ClConstants.DeviceGlobalMemSize),
            LocalMemoryBytes: (long)Value<ulong>(ClConstants.DeviceLocalMemSize),
            MaxAllocationBytes: (long)Value<ulong>(ClConstants.DeviceMaxMemAllocSize),
            MaxWorkGroupSize: (int)Math.Min(Value<nuint>(ClConstants.DeviceMaxWorkGroupSize), int.MaxValue),
            DeviceVersion: Text(ClConstants.DeviceVersion),
            OpenClCVersion: Text(ClConstants.DeviceOpenClCVersion),
            DriverVersion: Text(ClConstants.DriverVersion),
            PlatformName: platformName,
            PlatformVersion: platformVersion) { Id = id, PlatformId = platform };
    }

    // A device can carry several type bits (e.g. GPU | DEFAULT); the processor kind is what selection needs.
    private static ClDeviceType TypeOf(ulong bits) =>
        (bits & ClConstants.DeviceTypeGpu) != 0 ? ClDeviceType.Gpu
        : (bits & ClConstants.DeviceTypeCpu) != 0 ? ClDeviceType.Cpu
        : (bits & ClConstants.DeviceTypeAccelerator) != 0 ? ClDeviceType.Accelerator
        : ClDeviceType.Other;
}
