using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh scenario submit|status|logs</c> against the cluster of the current kubeconfig context (KUBECONFIG or
/// ~/.kube/config), through the same Kubernetes client the operator uses.
/// </summary>
public static class ScenarioClusterCommands
{
    private const string FieldManager = "citymesh-cli";

    public static IEnumerable<Command> Create() => [Submit(), Status(), Logs()];

    private static Option<string?> NamespaceOption() => new("--namespace", "-n") { Description = "Namespace (default: the scenario's, else the kubeconfig context's)" };

    private static Option<string?> ContextOption() => new("--context") { Description = "kubeconfig context (default: current-context)" };

    private static Command Submit()
    {
        var file = new Argument<string>("file") { Description = "The TwinScenario YAML" };
        var ns = NamespaceOption();
        var context = ContextOption();
        var command = new Command("submit", "Create or update the scenario in the cluster (server-side apply); the operator runs it") { file, ns, context };
        command.SetAction(async (result, ct) =>
        {
            var scenario = ScenarioCommand.LoadValid(Path.GetFullPath(result.GetValue(file)!));
            using var client = Connect(result.GetValue(context));
            string space = result.GetValue(ns) ?? scenario.Metadata.Namespace ?? client.DefaultNamespace;
            var body = JsonNode.Parse(ScenarioDocument.ToJson(scenario with { Status = null, Metadata = scenario.Metadata with { Namespace = space } }))!;
            var applied = await Call(() => client.PatchAsync(KubeResource.TwinScenarios, space, scenario.Metadata.Name!,
                new KubePatch(PatchType.Apply, body.ToJsonString(), FieldManager: FieldManager), ct));
            Console.WriteLine($"twinscenario {space}/{scenario.Metadata.Name} submitted (generation {applied["metadata"]?["generation"]}); follow it with: citymesh scenario status {scenario.Metadata.Name} -n {space}");
            return 0;
        });
        return command;
    }

    private static Command Status()
    {
        var name = new Argument<string>("name") { Description = "The scenario's metadata.name" };
        var ns = NamespaceOption();
        var context = ContextOption();
        var command = new Command("status", "Show a submitted scenario's phase, conditions, progress and KPIs") { name, ns, context };
        command.SetAction(async (result, ct) =>
        {
            using var client = Connect(result.GetValue(context));
            string space = result.GetValue(ns) ?? client.DefaultNamespace;
            var json = await Call(() => client.GetAsync(KubeResource.TwinScenarios, space, result.GetValue(name)!, ct))
                ?? throw new UsageException($"no twinscenario {space}/{result.GetValue(name)}");
            var scenario = json.Deserialize<TwinScenario>(ScenarioJson.Options)!;
            Print(scenario);
            return 0;
        });
        return command;
    }

    private static Command Logs()
    {
        var name = new Argument<string>("name") { Description = "The scenario's metadata.name" };
        var ns = NamespaceOption();
        var context = ContextOption();
        var command = new Command("logs", "Print the worker logs of the scenario's pods (every ensemble member)") { name, ns, context };
        command.SetAction(async (result, ct) =>
        {
            using var client = Connect(result.GetValue(context));
            string space = result.GetValue(ns) ?? client.DefaultNamespace;
            var pods = await Call(() => client.ListAsync(KubeResource.Pods, space, $"{WorkerContract.ScenarioLabel}={result.GetValue(name)}", ct));
            if (pods.Items.Count == 0) throw new UsageException($"no pods for twinscenario {space}/{result.GetValue(name)} yet");
            foreach (var pod in pods.Items.OrderBy(p => p["metadata"]?["creationTimestamp"]?.GetValue<string>(), StringComparer.Ordinal))
            {
                string podName = pod["metadata"]!["name"]!.GetValue<string>();
                Console.WriteLine($"==> {podName} <==");
                Console.Write(await Call(() => client.ReadLogAsync(space, podName, WorkerContract.ContainerName, ct)));
            }
            return 0;
        });
        return command;
    }

    private static void Print(TwinScenario scenario)
    {
        var s = scenario.Status;
        AnsiConsole.MarkupLineInterpolated($"[bold]{scenario.Metadata.Namespace}/{scenario.Metadata.Name}[/] generation {scenario.Metadata.Generation}: phase {s?.Phase ?? "(not seen by the operator yet)"}, backend {s?.Backend ?? "-"}, progress {s?.Progress ?? "-"}, attempts {s?.Attempts?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
        if (s is null) return;
        var conditions = new Table().AddColumns("condition", "status", "reason", "message", "since");
        foreach (var c in s.Conditions)
            conditions.AddRow(Markup.Escape(c.Type), Markup.Escape(c.Status), Markup.Escape(c.Reason), Markup.Escape(c.Message), c.LastTransitionTime.ToString("u", CultureInfo.InvariantCulture));
        AnsiConsole.Write(conditions);
        if (s.Kpis is { } kpis)
        {
            var table = new Table().AddColumn("KPI").AddColumn("baseline");
            foreach (var i in kpis.Interventions) table.AddColumn(Markup.Escape(i.Name));
            foreach (var (kpi, value) in kpis.Baseline)
                table.AddRow([kpi, value.ToString("#,0.##", CultureInfo.InvariantCulture),
                    .. kpis.Interventions.Select(i => i.Values.TryGetValue(kpi, out var v)
                        ? $"{v.ToString("#,0.##", CultureInfo.InvariantCulture)} ({(i.ChangePercent.TryGetValue(kpi, out var c) ? c.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : "n/a")})"
                        : "")]);
            AnsiConsole.Write(table);
        }
        if (s.ResultsRef is { } where) AnsiConsole.MarkupLineInterpolated($"results: {where}");
    }

    private static KubeClient Connect(string? context)
    {
        try
        {
            return new KubeClient(KubeConnection.FromKubeconfig(context: context));
        }
        catch (KubeConfigException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>API errors become one line naming the status and reason.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (KubeApiException e)
        {
            throw new UsageException($"the API server refused: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            throw new UsageException($"cannot reach the API server: {e.Message}");
        }
    }
}
