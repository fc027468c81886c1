using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CityMesh.Deploy.Tests.Support;

/// <summary>
/// Renders charts/citymesh with tools/chart-render, which does what <c>helm template</c> does with the same template
/// engine, functions and schema validator (see its source). Built once per test run with Debian's Go toolchain and
/// libraries (tools/setup-debian.sh installs them).
/// </summary>
internal static class ChartRenderer
{
    private static readonly Lazy<string> Tool = new(Build);

    /// <summary>Renders with the given values files (later win); throws <see cref="ChartRenderException"/> on failure.</summary>
    public static RenderedChart Render(IEnumerable<string>? valuesFiles = null, string release = "jinan", string ns = "citymesh-jinan")
    {
        var args = new List<string> { "--json", "--include-crds", "--name", release, "--namespace", ns };
        foreach (var file in valuesFiles ?? []) args.AddRange(["-f", file]);
        args.Add(Repository.Chart);
        var (code, stdout, stderr) = Run(Tool.Value, args);
        if (code != 0) throw new ChartRenderException(stderr.Trim());
        var json = JsonNode.Parse(stdout)!.AsObject();
        var manifests = json["manifests"]!.AsArray()
            .Select(m => new Manifest((string)m!["source"]!, m["object"]!.AsObject()))
            .ToArray();
        return new RenderedChart(manifests, (string?)json["notes"] ?? "");
    }

    /// <summary>Renders with values given as YAML text (written to a temporary file).</summary>
    public static RenderedChart RenderWith(string valuesYaml, string release = "jinan")
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"citymesh-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, valuesYaml);
        try { return Render([file], release); }
        finally { File.Delete(file); }
    }

    /// <summary>The error a render with these values fails with; fails the test if it renders.</summary>
    public static string FailureWith(string valuesYaml)
    {
        try
        {
            RenderWith(valuesYaml);
        }
        catch (ChartRenderException e)
        {
            return e.Message;
        }
        throw new Xunit.Sdk.XunitException("the chart rendered, but these values should have been refused:\n" + valuesYaml);
    }

    private static string Build()
    {
        var output = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"citymesh-chart-render-{Environment.ProcessId}");
        var psi = new ProcessStartInfo("go", ["build", "-o", output, "./tools/chart-render"]) { WorkingDirectory = Repository.Root };
        // Debian's Go libraries (sprig, gojsonschema, yaml) live in a GOPATH, not a module cache.
        psi.Environment["GO111MODULE"] = "off";
        psi.Environment["GOPATH"] = "/usr/share/gocode";
        psi.Environment["GOFLAGS"] = "";
        var (code, _, stderr) = Run(psi);
        if (code != 0) throw new InvalidOperationException("building tools/chart-render failed (run tools/setup-debian.sh): " + stderr);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(output);
        return output;
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args) =>
        Run(new ProcessStartInfo(file, args));

    private static (int Code, string Stdout, string Stderr) Run(ProcessStartInfo psi)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + psi.FileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>The chart did not render: the tool's error (schema violations, template errors) as its message.</summary>
internal sealed class ChartRenderException(string message) : Exception(message);
