using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.Models;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh scenario submit|status|logs</c> against the cluster of the current kubeconfig context (KUBECONFIG or
/// ~/.kube/config), through KubernetesClient, as the operator.
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
            var (client, defaultNs) = Connect(result.GetValue(context));
            using var _ = client;
            string space = result.GetValue(ns) ?? scenario.Metadata.Namespace ?? defaultNs;
            var body = JsonNode.Parse(ScenarioDocument.ToJson(scenario with { Status = null, Metadata = scenario.Metadata with { Namespace = space } }))!;
            // Server-side apply under our field manager, forced: the person submitting owns the spec they send.
            var applied = await Call(() => client.CustomObjects.PatchNamespacedCustomObjectAsync<TwinScenario>(
                new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch), TwinScenario.Group, TwinScenario.Version, space, TwinScenario.Plural,
                scenario.Metadata.Name, fieldManager: FieldManager, force: true, cancellationToken: ct));
            Console.WriteLine($"twinscenario {space}/{scenario.Metadata.Name} submitted (generation {applied.Metadata.Generation}); follow it with: citymesh scenario status {scenario.Metadata.Name} -n {space}");
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
            var (client, defaultNs) = Connect(result.GetValue(context));
            using var _ = client;
            string space = result.GetValue(ns) ?? defaultNs;
            using var scenarios = new GenericClient(client, TwinScenario.Group, TwinScenario.Version, TwinScenario.Plural, disposeClient: false);
            var scenario = await Call(() => scenarios.ReadNamespacedAsync<TwinScenario>(space, result.GetValue(name)!, ct),
                notFound: $"no twinscenario {space}/{result.GetValue(name)}");
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
            var (client, defaultNs) = Connect(result.GetValue(context));
            using var _ = client;
            string space = result.GetValue(ns) ?? defaultNs;
            var pods = await Call(() => client.CoreV1.ListNamespacedPodAsync(space, labelSelector: $"{WorkerContract.ScenarioLabel}={result.GetValue(name)}", cancellationToken: ct));
            if (pods.Items.Count == 0) throw new UsageException($"no pods for twinscenario {space}/{result.GetValue(name)} yet");
            foreach (var pod in pods.Items.OrderBy(p => p.Metadata.CreationTimestamp))
            {
                string podName = pod.Metadata.Name;
                Console.WriteLine($"==> {podName} <==");
                var log = await Call(() => client.CoreV1.ReadNamespacedPodLogAsync(podName, space, container: WorkerContract.ContainerName, cancellationToken: ct));
                using var reader = new StreamReader(log);
                Console.Write(await reader.ReadToEndAsync(ct));
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

    /// <summary>The client for the kubeconfig's context (KUBECONFIG, else ~/.kube/config), and that context's namespace.</summary>
    private static (IKubernetes Client, string Namespace) Connect(string? context)
    {
        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Environment.GetEnvironmentVariable("KUBECONFIG"), currentContext: context);
            return (new Kubernetes(config), config.Namespace is { Length: > 0 } ns ? ns : "default");
        }
        catch (KubeConfigException e)
        {
            throw new UsageException($"kubeconfig (KUBECONFIG, else {KubernetesClientConfiguration.KubeConfigDefaultLocation}): {e.Message}");
        }
    }

    /// <summary>API errors become one line naming the status and the server's message; <paramref name="notFound"/> words a 404.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> request, string? notFound = null)
    {
        try
        {
            return await request();
        }
        catch (HttpOperationException e) when (notFound is not null && e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new UsageException(notFound);
        }
        catch (HttpOperationException e)
        {
            throw new UsageException($"the API server refused: {(int)e.Response.StatusCode} {e.Response.StatusCode}: {StatusMessage(e.Response.Content)}");
        }
        catch (HttpRequestException e)
        {
            throw new UsageException($"cannot reach the API server: {e.Message}");
        }
    }

    /// <summary>The message of a meta/v1 Status body, or the body as it came.</summary>
    private static string StatusMessage(string? body)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(body) && JsonNode.Parse(body)?["message"] is JsonValue v && v.TryGetValue(out string? message)) return message;
        }
        catch (JsonException)
        {
        }
        return body ?? "";
    }
}
