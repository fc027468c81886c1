using CityMesh.Compute.OpenCl;

namespace CityMesh.Compute;

/// <summary>
/// Chooses where kernels run from <c>CITYMESH_COMPUTE=auto|opencl-gpu|opencl-cpu|managed</c>.
/// auto takes an OpenCL GPU when there is one and managed code otherwise: on a CPU, the managed kernels
/// are the tuned path and PoCL is only the test vehicle for the OpenCL kernels, so auto never picks it.
/// An explicit OpenCL kind with no such device fails instead of silently running elsewhere.
/// </summary>
public static class ComputeSelector
{
    public const string Variable = "CITYMESH_COMPUTE";

    /// <summary>The accepted values, in the order the messages list them.</summary>
    public static IReadOnlyList<string> AcceptedValues { get; } = ["auto", "opencl-gpu", "opencl-cpu", "managed"];

    /// <summary>Reads <see cref="Variable"/> (unset or blank means auto) and chooses.</summary>
    public static ComputeSelection FromEnvironment() => Select(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Chooses for a value spelled as the variable would hold it.</summary>
    public static ComputeSelection Select(string? value) => Select(Parse(value));

    /// <summary>Chooses among the devices found on this machine.</summary>
    public static ComputeSelection Select(ComputeBackendKind requested) => Select(requested, ClDiscovery.Devices());

    /// <summary>Chooses among <paramref name="devices"/> (as <see cref="ClDiscovery.Devices"/> returned them); the first match wins.</summary>
    public static ComputeSelection Select(ComputeBackendKind requested, IReadOnlyList<ClDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var managed = ManagedCompute.Current;
        var gpu = devices.FirstOrDefault(d => d.Type == ClDeviceType.Gpu);
        switch (requested)
        {
            case ComputeBackendKind.Auto when gpu is not null:
                return OpenCl(requested, ComputeBackendKind.OpenClGpu, gpu, managed, "auto: an OpenCL GPU is present");
            case ComputeBackendKind.Auto:
                return new ComputeSelection(requested, ComputeBackendKind.Managed, null, managed, managed.Description,
                    $"auto: no OpenCL GPU among {devices.Count} OpenCL device(s)");
            case ComputeBackendKind.Managed:
                return new ComputeSelection(requested, ComputeBackendKind.Managed, null, managed, managed.Description, $"{Variable}=managed");
            case ComputeBackendKind.OpenClGpu:
                return OpenCl(requested, requested, gpu ?? throw Unavailable(requested, devices), managed, $"{Variable}=opencl-gpu");
            case ComputeBackendKind.OpenClCpu:
                var cpu = devices.FirstOrDefault(d => d.Type == ClDeviceType.Cpu);
                return OpenCl(requested, requested, cpu ?? throw Unavailable(requested, devices), managed, $"{Variable}=opencl-cpu");
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
            "opencl-gpu" => ComputeBackendKind.OpenClGpu,
            "opencl-cpu" => ComputeBackendKind.OpenClCpu,
            "managed" => ComputeBackendKind.Managed,
            _ => throw new ComputeSelectionException(
                $"{Variable}='{value}' names no compute backend; accepted values (any case): {string.Join(", ", AcceptedValues)}"),
        };
    }

    /// <summary>The variable's spelling of <paramref name="kind"/>, e.g. "opencl-gpu".</summary>
    public static string ToVariableValue(this ComputeBackendKind kind) => kind switch
    {
        ComputeBackendKind.Auto => "auto",
        ComputeBackendKind.OpenClGpu => "opencl-gpu",
        ComputeBackendKind.OpenClCpu => "opencl-cpu",
        ComputeBackendKind.Managed => "managed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a ComputeBackendKind value"),
    };

    private static ComputeSelection OpenCl(ComputeBackendKind requested, ComputeBackendKind kind, ClDevice device, ManagedCompute managed, string reason)
    {
        var type = kind == ComputeBackendKind.OpenClGpu ? "GPU" : "CPU";
        return new ComputeSelection(requested, kind, device, managed, $"OpenCL {type}: {device.Name} (driver {device.DriverVersion})", reason);
    }

    private static ComputeBackendUnavailableException Unavailable(ComputeBackendKind requested, IReadOnlyList<ClDevice> devices)
    {
        var wanted = requested == ComputeBackendKind.OpenClGpu ? "GPU" : "CPU";
        var found = devices.Count == 0
            ? "no OpenCL device at all (is libOpenCL.so.1 installed, with an ICD file under /etc/OpenCL/vendors?)"
            : "only " + string.Join("; ", devices.Select(d => d.ToString()));
        return new ComputeBackendUnavailableException(requested, devices,
            $"{Variable}={requested.ToVariableValue()} asks for an OpenCL {wanted} device, but this machine has {found}. " +
            $"Use {Variable}=auto to fall back to managed code.");
    }
}
