using CityMesh.Limits;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Tests.Abuse;

/// <summary>
/// Input paths an attacker would try, alone and spliced together: traversal, system files, links out, a FIFO, odd
/// characters. Each either resolves to a regular file inside the allowed folders or is refused naming the field,
/// promptly and without showing what the file holds.
/// </summary>
public sealed class InputPathAbuseTests : IDisposable
{
    private const string Field = "spec.baseline.network";
    private readonly InputTree _tree = new();

    public void Dispose() => _tree.Dispose();

    /// <summary>Relative to <see cref="InputTree.Scenario"/>.</summary>
    public static readonly IReadOnlyList<string> HostilePaths =
    [
        "/etc/shadow", "/etc/passwd", "../../etc/passwd", "../../../../../../../../../../../../etc/passwd", "..", ".", "/", "//", "./",
        "/proc/self/environ", "/proc/self/mem", "/proc/self/fd/0", "/proc/1/root/etc/passwd", "/proc/self/cwd/net.json", "/sys/kernel/hostname",
        "/dev/zero", "/dev/stdin", "/dev/random", "/dev/tty", "/dev/null", "/dev/fd/0", "/tmp/../proc/self/environ", "//proc//self//environ",
        "/./dev/./zero", "escape.json", "absolute-escape.json", "outdir/secret.json", "outdir/../outdir/secret.json", "loop", "loop/x",
        "proc-link", "pipe.json", "empty.json", "sub", "sub/", "sub/..", "sub/../../outside/secret.json", "net.json/..", "net.json/x",
        "inside.json", "net.json", "./net.json", "sub/../net.json", "nowhere.json", "net\0.json", "\0", "net.json\0/etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd", "..\\..\\etc\\passwd", "C:\\Windows\\win.ini", "\\\\server\\share\\x",
        "file:///etc/passwd", "~/.ssh/id_rsa", "$HOME/.bashrc", "net.json\n", " net.json", "net.json ", "\u202Enosj.ten", "ne\u0301t.json",
        "\uFEFFnet.json", "\uD800", "..\u2215..\u2215etc\u2215passwd", "．．/．．/etc/passwd", new string('a', 300), string.Concat(Enumerable.Repeat("a/", 3000)),
        string.Concat(Enumerable.Repeat("../", 2000)) + "etc/passwd", string.Concat(Enumerable.Repeat("sub/../", 500)) + "net.json",
    ];

    private static readonly string[] Pieces = ["..", ".", "sub", "outdir", "escape.json", "net.json", "proc", "self", "environ", "dev", "loop", "pipe.json", "", "\0", "\u2028"];

    private string Generate(Random random)
    {
        if (random.Next(3) > 0) return HostilePaths[random.Next(HostilePaths.Count)];
        var parts = Enumerable.Range(0, random.Next(1, 10)).Select(_ => Pieces[random.Next(Pieces.Length)]);
        return (random.Next(3) == 0 ? "/" : "") + string.Join(random.Next(4) == 0 ? "//" : "/", parts);
    }

    private void Resolve(string path, InputLimits limits)
    {
        var source = new FileSource { Path = path };
        _ = ScenarioValidator.Validate(new TwinScenario
        {
            Metadata = new() { Name = "abuse" },
            Spec = new() { City = "jinan", Simulation = "traffic", Baseline = new() { Format = "cityflow", Network = source, Demand = source } },
        });
        var resolved = new InputFiles(_tree.Scenario, _tree.Maps, limits).Resolve(source, Field);
        Assert.True(resolved.StartsWith(_tree.Scenario + "/", StringComparison.Ordinal) || limits.InputRoots.Any(r => resolved.StartsWith(r.TrimEnd('/') + "/", StringComparison.Ordinal)),
            $"'{path}' resolved to {resolved}");
        Assert.True(new FileInfo(resolved).Length > 0);
        foreach (var system in InputFileGuard.SystemFolders) Assert.False(resolved.StartsWith(system + "/", StringComparison.Ordinal), resolved);
    }

    // An empty path is no path: that is reported on the source ("give exactly one of path or configMap").
    private static bool Refused(Exception e) =>
        e is ScenarioInputException { Field: Field + ".path" or Field } refused && !refused.Message.Contains("SECRET");

    [Fact]
    public async Task Hostile_paths_resolve_inside_the_scenario_folder_or_are_refused_naming_the_field()
    {
        int ran = await Task.Run(() => AbuseRun.Cases(1123, 20_000, Generate, path => Resolve(path, InputLimits.Default), Refused))
            .WaitAsync(TimeSpan.FromMinutes(2)); // a FIFO opened by mistake would block for ever: fail instead

        Assert.True(ran > 0);
    }

    [Fact]
    public async Task With_every_folder_allowed_system_files_FIFOs_and_links_into_proc_are_still_refused()
    {
        var everything = InputLimits.Default with { InputRoots = ["/"] };

        int ran = await Task.Run(() => AbuseRun.Cases(5813, 20_000, Generate, path =>
        {
            Resolve(path, everything);
            Assert.NotEqual(Path.Combine(_tree.Scenario, "pipe.json"), path);
        }, Refused)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(ran > 0);
    }
}
