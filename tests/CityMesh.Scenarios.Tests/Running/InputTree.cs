using System.Diagnostics;

namespace CityMesh.Scenarios.Tests.Running;

/// <summary>
/// A scratch tree for input-file tests: a scenario folder with a small valid roadnet, a folder outside it holding a
/// secret, a ConfigMap mount laid out as the kubelet lays it (key → ..data/key, ..data → a timestamped folder), and the
/// traps: links out, a link loop, a FIFO, an empty file, a folder.
/// </summary>
internal sealed class InputTree : IDisposable
{
    /// <summary>What the file outside holds: no error may ever show it, nor its first character.</summary>
    public const string Secret = "SECRET-7f3a {";

    public InputTree()
    {
        Root = Directory.CreateTempSubdirectory("citymesh-inputs-").FullName;
        Directory.CreateDirectory(Scenario);
        Directory.CreateDirectory(Outside);
        Directory.CreateDirectory(Path.Combine(Scenario, "sub"));
        File.WriteAllText(Path.Combine(Scenario, "net.json"), """{"intersections": [], "roads": []}""");
        File.WriteAllText(Path.Combine(Scenario, "bad.json"), Secret);
        File.WriteAllText(Path.Combine(Outside, "secret.json"), Secret);
        File.WriteAllText(Path.Combine(Scenario, "empty.json"), "");
        File.CreateSymbolicLink(Path.Combine(Scenario, "escape.json"), "../outside/secret.json");
        File.CreateSymbolicLink(Path.Combine(Scenario, "absolute-escape.json"), Path.Combine(Outside, "secret.json"));
        File.CreateSymbolicLink(Path.Combine(Scenario, "inside.json"), "sub/../net.json");
        Directory.CreateSymbolicLink(Path.Combine(Scenario, "outdir"), Outside);
        File.CreateSymbolicLink(Path.Combine(Scenario, "loop"), "loop");
        File.CreateSymbolicLink(Path.Combine(Scenario, "proc-link"), "/proc/self/environ");
        MakeFifo(Path.Combine(Scenario, "pipe.json"));

        var data = Path.Combine(Maps, "jinan", "..2026_12_05_13_00_00.1");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "roadnet.json"), """{"intersections": [], "roads": []}""");
        Directory.CreateSymbolicLink(Path.Combine(Maps, "jinan", "..data"), "..2026_12_05_13_00_00.1");
        File.CreateSymbolicLink(Path.Combine(Maps, "jinan", "roadnet.json"), "..data/roadnet.json");
        File.CreateSymbolicLink(Path.Combine(Maps, "jinan", "escape.json"), Path.Combine(Outside, "secret.json"));
    }

    public string Root { get; }

    public string Scenario => Path.Combine(Root, "scenario");

    public string Outside => Path.Combine(Root, "outside");

    public string Maps => Path.Combine(Root, "maps");

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
