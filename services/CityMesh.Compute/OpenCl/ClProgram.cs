using System.Text;
using CityMesh.Compute.OpenCl.Native;

namespace CityMesh.Compute.OpenCl;

/// <summary>A program built for the context's device; kernels are created from it by name.</summary>
public sealed unsafe class ClProgram : IDisposable
{
    internal ClProgram(ClContext context, ClProgramHandle handle, string options)
    {
        Context = context;
        Handle = handle;
        Options = options;
    }

    public ClContext Context { get; }

    /// <summary>The options it was built with, after <see cref="ClBuildOptions.Normalize"/>.</summary>
    public string Options { get; }

    internal ClProgramHandle Handle { get; }

    /// <summary>The <c>__kernel</c> function <paramref name="name"/>; <see cref="ClInvalidKernelNameException"/> when there is none.</summary>
    public ClKernel CreateKernel(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        var bytes = Encoding.UTF8.GetBytes(name + "\0");
        ClKernelHandle kernel;
        int error;
        fixed (byte* text = bytes)
            kernel = ClNative.clCreateKernel(Handle, text, out error);
        if (error == (int)ClError.InvalidKernelName)
        {
            kernel.Dispose();
            throw new ClInvalidKernelNameException(nameof(ClNative.clCreateKernel), name, $"Asked for '{name}'");
        }
        ClException.CheckCreated(kernel, error, nameof(ClNative.clCreateKernel), $"kernel '{name}'");
        return new ClKernel(Context, kernel, name);
    }

    public void Dispose() => Handle.Dispose();
}
