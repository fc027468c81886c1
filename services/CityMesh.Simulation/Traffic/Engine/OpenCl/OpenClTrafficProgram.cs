using System.Collections.Concurrent;
using CityMesh.Compute.OpenCl;

namespace CityMesh.Simulation.Traffic.Engine.OpenCl;

/// <summary>
/// The traffic kernels built once per device for the life of the process: a context and one program made from the
/// .cl files of this folder (embedded resources), so simulations after the first pay neither a compile nor a context.
/// Each simulation makes its own kernel objects and buffers from it.
/// </summary>
internal sealed class OpenClTrafficProgram
{
    /// <summary>Concatenated in this order: helpers first, kernels last.</summary>
    private static readonly string[] SourceFiles =
        ["net_math.cl", "counter_random.cl", "krauss.cl", "world.cl", "junction_approach.cl", "plan_speeds.cl", "move.cl"];

    /// <summary>
    /// OpenCL 1.2 lets single-precision division and sqrt be off by up to 2.5 and 3 ulp; the managed oracle's are
    /// correctly rounded, so ask for that. No -cl-fast-relaxed-math or -cl-mad-enable, which would break agreement.
    /// </summary>
    public const string BuildOptions = "-cl-fp32-correctly-rounded-divide-sqrt";

    private static readonly ConcurrentDictionary<ClDevice, Lazy<OpenClTrafficProgram>> Built = new();

    private OpenClTrafficProgram(ClDevice device)
    {
        Context = new ClContext(device);
        Program = Context.BuildProgram(Source(), BuildOptions);
    }

    public ClContext Context { get; }

    public ClProgram Program { get; }

    public static OpenClTrafficProgram For(ClDevice device) =>
        Built.GetOrAdd(device, d => new Lazy<OpenClTrafficProgram>(() => new OpenClTrafficProgram(d))).Value;

    /// <summary>The program text: the embedded .cl files, each under a line naming it, so build logs point at the file.</summary>
    public static string Source()
    {
        var assembly = typeof(OpenClTrafficProgram).Assembly;
        var names = assembly.GetManifestResourceNames();
        var text = new System.Text.StringBuilder();
        foreach (var file in SourceFiles)
        {
            // The csproj names them CityMesh.Simulation.<dir>/<file>; match the end so the separator does not matter.
            var name = names.SingleOrDefault(n => n.EndsWith("OpenCl/" + file, StringComparison.Ordinal) || n.EndsWith("OpenCl\\" + file, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"The embedded OpenCL source '{file}' is missing; resources: {string.Join(", ", names)}");
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            text.Append("// ---- ").Append(file).Append('\n').Append(reader.ReadToEnd()).Append('\n');
        }
        return text.ToString();
    }
}
