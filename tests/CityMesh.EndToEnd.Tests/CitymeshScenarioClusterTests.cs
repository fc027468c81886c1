using System.Diagnostics;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes.Fake;

namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// <c>citymesh scenario submit|status|logs</c> as a user runs them: the real process, a kubeconfig with a token,
/// and an API server (the in-process fake, as no real one runs here) holding what the operator would write.
/// </summary>
public sealed class CitymeshScenarioClusterTests : IAsyncLifetime
{
    private const string Token = "s3cret-token";
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-kube-").FullName;
    private FakeKubeApiServer _server = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        _server.RequiredToken = Token;
        _kubeconfig = Path.Combine(_directory, "config");
        await File.WriteAllTextAsync(_kubeconfig, $"""
            apiVersion: v1
            kind: Config
            current-context: test
            clusters:
            - name: fake
              cluster:
                server: {_server.BaseAddress}
            users:
            - name: tester
              user:
                token: {Token}
            contexts:
            - name: test
              context:
                cluster: fake
                user: tester
                namespace: city
            """);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<(int Code, string Output)> CitymeshAsync(params string[] arguments)
    {
        var cli = typeof(CityMesh.Cli.Commands.ScenarioCommand).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [cli, "scenario", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["KUBECONFIG"] = _kubeconfig, ["NO_COLOR"] = "1", ["COLUMNS"] = "200" },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Example(string name, [System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "examples", "scenarios", name));

    [Fact]
    public async Task Submit_applies_the_scenario_and_a_resubmit_of_a_changed_spec_bumps_the_generation()
    {
        var (code, output) = await CitymeshAsync("submit", Example("jinan-signal-retiming.yaml"));
        Assert.True(code == 0, output);
        Assert.Contains("twinscenario jinan/jinan-signal-retiming submitted (generation 1)", output);
        var stored = _server.Get(KubeResource.TwinScenarios, "jinan", "jinan-signal-retiming")!;
        Assert.Equal("max-pressure", stored["spec"]!["interventions"]![0]!["signals"]!["controller"]!.GetValue<string>());
        Assert.Contains(_server.Requests, r => r.Method == "PATCH" && r.PathAndQuery.Contains("fieldManager=citymesh-cli") && r.PathAndQuery.Contains("force=true"));

        string changed = Path.Combine(_directory, "changed.yaml");
        await File.WriteAllTextAsync(changed, (await File.ReadAllTextAsync(Example("jinan-signal-retiming.yaml"))).Replace("seed: 1", "seed: 2"));
        (code, output) = await CitymeshAsync("submit", changed, "-n", "other");
        Assert.True(code == 0, output);
        Assert.Contains("twinscenario other/jinan-signal-retiming submitted (generation 1)", output);
        (code, output) = await CitymeshAsync("submit", changed);
        Assert.Contains("submitted (generation 2)", output);
    }

    [Fact]
    public async Task Submit_refuses_an_invalid_scenario_before_it_reaches_the_cluster()
    {
        string invalid = Path.Combine(_directory, "energy.yaml");
        await File.WriteAllTextAsync(invalid, (await File.ReadAllTextAsync(Example("jinan-signal-retiming.yaml"))).Replace("simulation: traffic", "simulation: energy"));
        var (code, output) = await CitymeshAsync("submit", invalid);
        Assert.Equal(2, code);
        Assert.Contains("spec.energy: required for simulation 'energy'", output);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task Status_shows_phase_conditions_and_kpis_and_logs_print_every_member()
    {
        _server.Upsert(KubeResource.TwinScenarios, JsonNode.Parse("""
            {"apiVersion":"citymesh.io/v1alpha1","kind":"TwinScenario","metadata":{"name":"retime","namespace":"city"},
             "spec":{"city":"jinan","simulation":"traffic"},
             "status":{"phase":"Succeeded","backend":"cpu","progress":"100%","attempts":1,"resultsRef":"pvc://results/city/retime/1",
               "conditions":[{"type":"Succeeded","status":"True","reason":"JobComplete","message":"2 of 2 members","lastTransitionTime":"2026-11-21T10:00:00Z"},
                             {"type":"GpuScheduled","status":"False","reason":"InsufficientGpu","message":"0/3 nodes have nvidia.com/gpu","lastTransitionTime":"2026-11-21T09:58:00Z"}],
               "kpis":{"runs":2,"baseline":{"meanTravelTime":430.6},"interventions":[{"name":"max-pressure","values":{"meanTravelTime":322.7},"changePercent":{"meanTravelTime":-25.06}}]}}}
            """)!.AsObject());
        foreach (int member in new[] { 0, 1 })
        {
            _server.Upsert(KubeResource.Pods, JsonNode.Parse("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"retime-g1-MEMBER","namespace":"city","labels":{"citymesh.io/scenario":"retime"}}}
                """.Replace("MEMBER", $"{member}"))!.AsObject());
            _server.SetPodLog("city", $"retime-g1-{member}", $"member {member} done\n");
        }

        var (code, output) = await CitymeshAsync("status", "retime");
        Assert.True(code == 0, output);
        Assert.Contains("city/retime", output);
        Assert.Contains("phase Succeeded, backend cpu, progress 100%", output);
        Assert.Contains("InsufficientGpu", output);
        Assert.Contains("322.7 (-25.1 %)", output);
        Assert.Contains("pvc://results/city/retime/1", output);

        (code, output) = await CitymeshAsync("logs", "retime");
        Assert.True(code == 0, output);
        Assert.Contains("==> retime-g1-0 <==", output);
        Assert.Contains("member 1 done", output);

        (code, output) = await CitymeshAsync("status", "nothing-here");
        Assert.Equal(2, code);
        Assert.Contains("no twinscenario city/nothing-here", output);
    }

    [Fact]
    public async Task A_wrong_token_is_reported_as_the_servers_refusal()
    {
        await File.WriteAllTextAsync(_kubeconfig, (await File.ReadAllTextAsync(_kubeconfig)).Replace(Token, "wrong"));
        var (code, output) = await CitymeshAsync("status", "retime");
        Assert.Equal(2, code);
        Assert.Contains("the API server refused: 401", output);
    }
}
