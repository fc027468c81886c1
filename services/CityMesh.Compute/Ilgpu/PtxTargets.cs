using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace CityMesh.Compute.Ilgpu;

/// <summary>
/// Compiles a kernel to PTX for the CUDA architectures CityMesh targets, with no GPU and no CUDA toolkit: ILGPU's own
/// PTX backend does it, so CI proves every kernel compiles for NVIDIA hardware where none is present.
/// </summary>
public static class PtxTargets
{
    /// <summary>A100 (sm_80) and H100/H200 (sm_90); PTX 8.0 covers both.</summary>
    public static IReadOnlyList<CudaArchitecture> Architectures { get; } = [CudaArchitecture.SM_80, CudaArchitecture.SM_90];

    /// <summary>
    /// The PTX of an implicitly grouped kernel (first parameter an Index1D) for <paramref name="architecture"/>.
    /// Throws ILGPU's own exception, naming the method and the construct, when the kernel does not compile.
    /// </summary>
    public static string Compile(MethodInfo kernel, CudaArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        // A context without accelerators of its own: compiling needs none, and keeps this apart from the run-time cache.
        using var context = Context.Create(b => b.EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, CudaInstructionSet.ISA_80, nvvmAPI: null);
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, default(KernelSpecialization));
        return compiled.PTXAssembly;
    }
}
