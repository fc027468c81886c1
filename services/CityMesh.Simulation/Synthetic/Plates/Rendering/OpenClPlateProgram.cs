using System.Collections.Concurrent;
using CityMesh.Compute.OpenCl;

namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>
/// The plate kernels built once per device for the life of the process: a context and one program from the generated
/// layout #defines and this folder's .cl files (embedded resources). Each renderer makes its own kernels and buffers.
/// </summary>
internal sealed class OpenClPlateProgram
{
    /// <summary>Concatenated in this order: helpers first.</summary>
    private static readonly string[] SourceFiles = ["plate_common.cl", "plates.cl", "plate_passes.cl"];

    /// <summary>
    /// Correctly rounded ÷ and √ as in .NET (OpenCL 1.2 allows 2.5 and 3 ulp otherwise); no fast-math or mad options,
    /// and the source turns FP_CONTRACT off, so the kernels round as the managed oracle does.
    /// </summary>
    public const string BuildOptions = "-cl-fp32-correctly-rounded-divide-sqrt";

    private static readonly ConcurrentDictionary<ClDevice, Lazy<OpenClPlateProgram>> Built = new();

    private OpenClPlateProgram(ClDevice device)
    {
        Context = new ClContext(device);
        Program = Context.BuildProgram(Source(), BuildOptions);
    }

    public ClContext Context { get; }

    public ClProgram Program { get; }

    public static OpenClPlateProgram For(ClDevice device) =>
        Built.GetOrAdd(device, d => new Lazy<OpenClPlateProgram>(() => new OpenClPlateProgram(d))).Value;

    /// <summary>The program text: the layout #defines, then each embedded .cl file under a line naming it.</summary>
    public static string Source()
    {
        var assembly = typeof(OpenClPlateProgram).Assembly;
        var names = assembly.GetManifestResourceNames();
        var text = new System.Text.StringBuilder(SceneLayout.Defines());
        foreach (var file in SourceFiles)
        {
            var name = names.SingleOrDefault(n => n.EndsWith("Rendering/" + file, StringComparison.Ordinal) || n.EndsWith("Rendering\\" + file, StringComparison.Ordinal)
                                                  || n.EndsWith("Rendering." + file, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"The embedded OpenCL source '{file}' is missing; resources: {string.Join(", ", names)}");
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            text.Append("// ---- ").Append(file).Append('\n').Append(reader.ReadToEnd()).Append('\n');
        }
        return text.ToString();
    }
}
