using CityMesh.Compute.Ilgpu;

namespace CityMesh.Compute;

/// <summary>
/// Chooses where kernels run from <c>CITYMESH_COMPUTE=auto|cuda|opencl|managed|ilgpu-cpu</c>.
/// auto takes a CUDA GPU, then an OpenCL GPU ILGPU can drive, and managed code otherwise: on a CPU the managed kernels
/// are the tuned path and ILGPU's CPU accelerator is 1,000× slower, so auto never picks it. An explicit ILGPU kind
/// with no such device fails, naming what was found, instead of silently running elsewhere.
/// </summary>
public static class ComputeSelector
{
    public const string Variable = "CITYMESH_COMPUTE";

    /// <summary>The accepted values, in the order the messages list them.</summary>
    public static IReadOnlyList<string> AcceptedValues { get; } = ["auto", "cuda", "opencl", "managed", "ilgpu-cpu"];

    /// <summary>Reads <see cref="Variable"/> (unset or blank means auto) and chooses.</summary>
    public static ComputeSelection FromEnvironment() => Select(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Chooses for a value spelled as the variable would hold it.</summary>
    public static ComputeSelection Select(string? value) => Select(Parse(value));

    /// <summary>Chooses among the devices ILGPU finds on this machine (managed needs none, so asks ILGPU nothing).</summary>
    public static ComputeSelection Select(ComputeBackendKind requested) =>
        requested == ComputeBackendKind.Managed ? Select(requested, []) : Select(requested, IlgpuRuntime.Devices());

    /// <summary>Chooses among <paramref name="devices"/> (as <see cref="IlgpuRuntime.Devices"/> lists them); the first match wins.</summary>
    public static ComputeSelection Select(ComputeBackendKind requested, IReadOnlyList<ComputeDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var managed = ManagedCompute.Current;
        var cuda = devices.FirstOrDefault(d => d.Kind == ComputeBackendKind.Cuda);
        var openClGpu = devices.FirstOrDefault(d => d.Kind == ComputeBackendKind.OpenCl && d.IsGpu);
        switch (requested)
        {
            case ComputeBackendKind.Auto when cuda is not null:
                return OnDevice(requested, cuda, managed, "auto: a CUDA GPU is present");
            case ComputeBackendKind.Auto when openClGpu is not null:
                return OnDevice(requested, openClGpu, managed, "auto: no CUDA GPU; an OpenCL GPU ILGPU can drive is present");
            case ComputeBackendKind.Auto:
                return new ComputeSelection(requested, ComputeBackendKind.Managed, null, managed, managed.Description,
                    "auto: no CUDA or OpenCL GPU that ILGPU can drive");
            case ComputeBackendKind.Managed:
                return new ComputeSelection(requested, ComputeBackendKind.Managed, null, managed, managed.Description, $"{Variable}=managed");
            case ComputeBackendKind.Cuda or ComputeBackendKind.OpenCl or ComputeBackendKind.IlgpuCpu:
                var device = devices.FirstOrDefault(d => d.Kind == requested) ?? throw Unavailable(requested, devices);
                return OnDevice(requested, device, managed, $"{Variable}={requested.ToVariableValue()}");
            default:
                throw new ArgumentOutOfRangeException(nameof(requested), requested, "not a ComputeBackendKind value");
        }
    }

    /// <summary>Parses a variable value, ignoring case and surrounding blanks; null or blank is auto.</summary>
    public static ComputeBackendKind Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return ComputeBackendKind.Auto;
        return value.Trim().ToLowerInvariant() switch
        {
            "auto" => ComputeBackendKind.Auto,
            "cuda" => ComputeBackendKind.Cuda,
            "opencl" => ComputeBackendKind.OpenCl,
            "managed" => ComputeBackendKind.Managed,
            "ilgpu-cpu" => ComputeBackendKind.IlgpuCpu,
            _ => throw new ComputeSelectionException(
                $"{Variable}='{value}' names no compute backend; accepted values (any case): {string.Join(", ", AcceptedValues)}"),
        };
    }

    /// <summary>The variable's spelling of <paramref name="kind"/>, e.g. "ilgpu-cpu".</summary>
    public static string ToVariableValue(this ComputeBackendKind kind) => kind switch
    {
        ComputeBackendKind.Auto => "auto",
        ComputeBackendKind.Cuda => "cuda",
        ComputeBackendKind.OpenCl => "opencl",
        ComputeBackendKind.Managed => "managed",
        ComputeBackendKind.IlgpuCpu => "ilgpu-cpu",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a ComputeBackendKind value"),
    };

    private static ComputeSelection OnDevice(ComputeBackendKind requested, ComputeDevice device, ManagedCompute managed, string reason) =>
        new(requested, device.Kind, device, managed, device.Description, reason);

    private static ComputeBackendUnavailableException Unavailable(ComputeBackendKind requested, IReadOnlyList<ComputeDevice> devices)
    {
        string wanted = requested switch
        {
            ComputeBackendKind.Cuda => "a CUDA GPU (NVIDIA driver: libcuda.so.1, and libcuda.so linked to it, which ILGPU loads; in a container, the NVIDIA runtime with NVIDIA_DRIVER_CAPABILITIES=compute,utility)",
            ComputeBackendKind.OpenCl => "an OpenCL device with OpenCL 2.0 generic address space (ILGPU needs it; Debian's PoCL 3.1 lacks it) and the libOpenCL.so loader (ocl-icd-opencl-dev)",
            _ => "ILGPU's CPU accelerator",
        };
        string found = devices.Count == 0 ? "no ILGPU device at all" : "only " + string.Join("; ", devices.Select(d => d.Description));
        return new ComputeBackendUnavailableException(requested, devices,
            $"{Variable}={requested.ToVariableValue()} asks for {wanted}, but this machine has {found}. " +
            $"Use {Variable}=auto to fall back to managed code.");
    }
}
