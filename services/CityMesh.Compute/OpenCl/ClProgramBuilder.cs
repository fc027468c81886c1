using System.Text;
using CityMesh.Compute.OpenCl.Native;

namespace CityMesh.Compute.OpenCl;

/// <summary>The native steps of a build: from source or binary, the build log, and the binary back out.</summary>
internal static unsafe class ClProgramBuilder
{
    internal static ClProgramHandle FromSource(ClContext context, string source, string options)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        ClProgramHandle program;
        int error;
        fixed (byte* text = bytes)
        {
            var strings = text;
            var length = (nuint)bytes.Length;
            program = ClNative.clCreateProgramWithSource(context.Handle, 1, &strings, &length, out error);
        }
        ClException.CheckCreated(program, error, nameof(ClNative.clCreateProgramWithSource));
        Build(context.Device, program, options);
        return program;
    }

    internal static ClProgramHandle FromBinary(ClContext context, byte[] binary, string options)
    {
        ClProgramHandle program;
        int error;
        int status;
        fixed (byte* data = binary)
        {
            var binaries = data;
            var length = (nuint)binary.Length;
            var device = context.Device.Id;
            program = ClNative.clCreateProgramWithBinary(context.Handle, 1, &device, &length, &binaries, &status, out error);
        }
        ClException.CheckCreated(program, error, nameof(ClNative.clCreateProgramWithBinary));
        if (status != 0)
        {
            program.Dispose();
            ClException.Check(status, nameof(ClNative.clCreateProgramWithBinary), "binary status");
        }
        Build(context.Device, program, options);
        return program;
    }

    /// <summary>The device's binary of a built program (CL_PROGRAM_BINARIES), for the disk cache.</summary>
    internal static byte[] Binary(ClProgramHandle program)
    {
        nuint size;
        ClException.Check(ClNative.clGetProgramInfo(program, ClConstants.ProgramBinarySizes, (nuint)sizeof(nuint), &size, null),
            nameof(ClNative.clGetProgramInfo), "CL_PROGRAM_BINARY_SIZES");
        var binary = new byte[(int)size];
        fixed (byte* data = binary)
        {
            // CL_PROGRAM_BINARIES fills caller-allocated buffers, one pointer per device of the program.
            var pointer = data;
            ClException.Check(ClNative.clGetProgramInfo(program, ClConstants.ProgramBinaries, (nuint)sizeof(byte*), &pointer, null),
                nameof(ClNative.clGetProgramInfo), "CL_PROGRAM_BINARIES");
        }
        return binary;
    }

    private static void Build(ClDevice device, ClProgramHandle program, string options)
    {
        var optionBytes = Encoding.UTF8.GetBytes(options + "\0");
        int code;
        fixed (byte* text = optionBytes)
        {
            var id = device.Id;
            code = ClNative.clBuildProgram(program, 1, &id, text, 0, 0);
        }
        if (code == 0)
            return;
        var logs = code == (int)ClError.BuildProgramFailure ? new[] { new ClBuildLog(device.Name, Log(program, device)) } : [];
        program.Dispose();
        if (logs.Length > 0)
            throw new ClBuildProgramFailureException(nameof(ClNative.clBuildProgram), logs, $"Options: {options}");
        ClException.Check(code, nameof(ClNative.clBuildProgram), $"options: {options}");
    }

    private static string Log(ClProgramHandle program, ClDevice device) => ClInfo.String(
        (size, value, ret) => ClNative.clGetProgramBuildInfo(program, device.Id, ClConstants.ProgramBuildLog, size, value, ret),
        nameof(ClNative.clGetProgramBuildInfo));
}
