using System.Text.Json;

namespace CityMesh.Simulation.Water.Epanet;

/// <summary>
/// EPANET itself, as the peer of the water hydraulics: EPANET 2.2 compiled to WebAssembly (the npm package
/// epanet-js), run by Node through <c>tools/epanet-peer/hydraulics.mjs</c>. Used by the tests and
/// <c>citymesh bench water</c>, never at run time. The folder is found from <c>CITYMESH_EPANET_PEER</c>, else by
/// walking up from the working directory and from the program's own directory to a <c>tools/epanet-peer</c> whose
/// <c>node_modules</c> is installed (<c>npm ci</c> there; <c>tools/setup-debian.sh</c> does it).
/// </summary>
public sealed record EpanetJs(string Node, string Script)
{
    public static EpanetJs Find()
    {
        var node = OnPath("node") ?? throw new EpanetPeerException("Node.js is not installed (node on PATH); on Debian: apt-get install nodejs npm, or run tools/setup-debian.sh");
        var folder = Environment.GetEnvironmentVariable("CITYMESH_EPANET_PEER") is { Length: > 0 } set ? set : Search();
        if (folder is null || !File.Exists(Path.Combine(folder, "hydraulics.mjs")))
            throw new EpanetPeerException("tools/epanet-peer was not found from here; set CITYMESH_EPANET_PEER to its folder");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "epanet-js")))
            throw new EpanetPeerException($"epanet-js is not installed in {folder}: run `npm ci` there (tools/setup-debian.sh does)");
        return new EpanetJs(node, Path.Combine(folder, "hydraulics.mjs"));
    }

    public static bool IsAvailable()
    {
        try { Find(); return true; }
        catch (EpanetPeerException) { return false; }
    }

    /// <summary>
    /// Runs the file's hydraulics in EPANET. <paramref name="accuracy"/> overrides the file's ACCURACY;
    /// <paramref name="repeat"/> times the run that many more times and keeps the best.
    /// </summary>
    public async Task<EpanetRun> RunAsync(string inpFile, string engine = "2.2", double? accuracy = null, int repeat = 1, CancellationToken ct = default)
    {
        var arguments = new List<string> { Script, Path.GetFullPath(inpFile), "--engine", engine, "--repeat", repeat.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (accuracy is { } acc) arguments.AddRange(["--accuracy", acc.ToString("R", System.Globalization.CultureInfo.InvariantCulture)]);
        var output = await ToolProcess.RunAsync(Node, arguments, null, null, message => new EpanetPeerException($"epanet-js failed on {inpFile}: {message}"), ct);
        string text = output.StandardOutput;
        return EpanetRun.Parse(text);
    }

    private static string? Search()
    {
        foreach (var from in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tools", "epanet-peer");
                if (File.Exists(Path.Combine(candidate, "hydraulics.mjs"))) return candidate;
            }
        }
        return null;
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

/// <summary>EPANET's run of a network, converted to SI: every hydraulic step's node heads (m) and demands and link flows (m³/s).</summary>
public sealed record EpanetRun(string Engine, FlowUnits Units, IReadOnlyList<string> Nodes, IReadOnlyList<string> Links, IReadOnlyList<EpanetStep> Steps, double RunMilliseconds)
{
    public static EpanetRun Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var units = Enum.Parse<FlowUnits>(root.GetProperty("units").GetString()!, ignoreCase: true);
        double flow = WaterUnits.Flow(units), length = WaterUnits.Length(units);
        static double[] Numbers(JsonElement e, double scale) => [.. e.EnumerateArray().Select(v => v.GetDouble() * scale)];
        var steps = root.GetProperty("steps").EnumerateArray().Select(s => new EpanetStep(
            s.GetProperty("time").GetInt64(), Numbers(s.GetProperty("head"), length), Numbers(s.GetProperty("demand"), flow), Numbers(s.GetProperty("flow"), flow))).ToList();
        return new EpanetRun(root.GetProperty("engine").GetString()!, units,
            [.. root.GetProperty("nodes").EnumerateArray().Select(e => e.GetString()!)],
            [.. root.GetProperty("links").EnumerateArray().Select(e => e.GetString()!)],
            steps, root.GetProperty("runMilliseconds").GetDouble());
    }
}

/// <summary>One of EPANET's hydraulic steps, in SI.</summary>
public sealed record EpanetStep(long Time, double[] Head, double[] Demand, double[] Flow);

/// <summary>The EPANET peer is missing or failed; the message says which and how to fix it.</summary>
public sealed class EpanetPeerException(string message) : Exception(message);
