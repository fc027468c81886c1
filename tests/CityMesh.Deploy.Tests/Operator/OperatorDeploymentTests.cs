using System.Text.Json.Nodes;
using CityMesh.Deploy.Tests.Support;
using CityMesh.Operator;
using CityMesh.Operator.Reconciliation;
using CityMesh.Operator.Tests.Controller;
using TestScenarios = CityMesh.Operator.Tests.Controller.Scenarios;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CityMesh.Deploy.Tests.Operator;

/// <summary>The operator's Deployment, Service and disruption budget as rendered, and what the operator makes of them.</summary>
public sealed class OperatorDeploymentTests
{
    private const string Ns = "citymesh-jinan";

    [Fact]
    public void Should_Run_Under_The_Restricted_Pod_Security_Standard()
    {
        var chart = OperatorChart.Render();
        var pod = OperatorChart.Pod(chart);
        var container = OperatorChart.Container(chart);

        Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
        Assert.NotEqual(0, (int)pod["securityContext"]!["runAsUser"]!);
        Assert.Equal("RuntimeDefault", (string?)pod["securityContext"]!["seccompProfile"]!["type"]);
        Assert.Null(pod["hostNetwork"]);
        Assert.Null(pod["hostPID"]);
        Assert.Null(pod["hostIPC"]);
        var security = container["securityContext"]!;
        Assert.False((bool)security["allowPrivilegeEscalation"]!);
        Assert.True((bool)security["readOnlyRootFilesystem"]!);
        Assert.Null(security["privileged"]);
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!));
        Assert.Null(security["capabilities"]!["add"]);
        // A read-only root, and a writable /tmp from an emptyDir.
        var tmp = container["volumeMounts"]!.AsArray().Single(m => (string?)m!["mountPath"] == "/tmp")!;
        var volume = pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)tmp["name"])!;
        Assert.NotNull(volume["emptyDir"]);
        Assert.Equal(OperatorChart.Component, (string?)pod["serviceAccountName"]);
        Assert.NotEqual(false, (bool?)pod["automountServiceAccountToken"]);
        Assert.NotNull(container["resources"]!["requests"]);
    }

    [Fact]
    public async Task Should_Probe_Paths_The_Operator_Serves_On_Its_Port()
    {
        var chart = OperatorChart.Render();
        var container = OperatorChart.Container(chart);
        // The operator's own host, configured by the Deployment's arguments (not started).
        await using var app = OperatorApp.Build(OperatorChart.Args(chart));
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet();
        int port = app.Services.GetRequiredService<IOptions<OperatorOptions>>().Value.HttpPort;
        var ports = container["ports"]!.AsArray();

        foreach (var (probe, path) in new[] { ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            var get = container[probe]!["httpGet"]!;
            Assert.Equal(path, (string?)get["path"]);
            Assert.Contains((string)get["path"]!, routes);
            var named = ports.Single(p => (string?)p!["name"] == (string?)get["port"])!;
            Assert.Equal(port, (int)named["containerPort"]!);
        }
        Assert.Contains("/metrics", routes);
    }

    [Fact]
    public void Should_Expose_Metrics_On_A_Service_Selecting_Only_The_Operator()
    {
        var chart = OperatorChart.Render();
        var service = chart.Single("Service", OperatorChart.Component).Object;
        var port = service["spec"]!["ports"]!.AsArray().Single(p => (string?)p!["name"] == "metrics")!;
        Assert.Equal(8080, (int)port["port"]!);
        var target = OperatorChart.Container(chart)["ports"]!.AsArray().Single(p => (string?)p!["name"] == (string?)port["targetPort"])!;
        Assert.Equal(8080, (int)target["containerPort"]!);

        var podLabels = OperatorChart.Deployment(chart)["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var selector = service["spec"]!["selector"]!.AsObject();
        Assert.All(selector, kv => Assert.Equal((string?)kv.Value, (string?)podLabels[kv.Key]));
        Assert.Equal("operator", (string?)selector["app.kubernetes.io/component"]);
    }

    [Fact]
    public void Should_Tell_The_Operator_Its_Identity_From_The_Downward_Api()
    {
        var env = OperatorChart.Container(OperatorChart.Render())["env"]!.AsArray();
        string? Field(string name) => (string?)env.Single(e => (string?)e!["name"] == name)!["valueFrom"]!["fieldRef"]!["fieldPath"];
        Assert.Equal("metadata.name", Field("POD_NAME"));
        Assert.Equal("metadata.namespace", Field("POD_NAMESPACE"));
    }

    [Fact]
    public void Should_Hand_The_Operator_The_Worker_Image_And_Gpu_Scheduling_From_Values()
    {
        var chart = OperatorChart.Render("""
            images:
              worker:
                repository: registry.example/city/worker
                tag: "2.3.4"
                pullPolicy: Always
              operator:
                repository: registry.example/city/operator
                tag: "2.3.4"
            operator:
              worker:
                maxParallelism: 3
                cpu: 1500m
                memory: 3Gi
              gpu:
                nodeSelector:
                  cloud.example/accelerator: h100
                tolerations:
                  - key: nvidia.com/gpu
                    operator: Exists
                    effect: NoSchedule
                  - key: dedicated
                    operator: Equal
                    value: simulation
                    effect: NoExecute
                    tolerationSeconds: 300
            """);
        var options = OperatorChart.Options(chart);

        Assert.Equal("registry.example/city/operator:2.3.4", (string?)OperatorChart.Container(chart)["image"]);
        Assert.Equal("registry.example/city/worker:2.3.4", options.Image);
        Assert.Equal("Always", options.ImagePullPolicy);
        Assert.Equal((3, "1500m", "3Gi"), (options.MaxParallelism, options.WorkerCpu, options.WorkerMemory));
        Assert.Equal($"http://jinan-citymesh-twin.{Ns}.svc:8081", options.TwinUrl);
        Assert.Equal(OperatorChart.Worker, options.WorkerServiceAccount);
        // Maps merge with the chart's default selector, as Helm merges values.
        Assert.Equal(new Dictionary<string, string> { ["cloud.example/accelerator"] = "h100", ["nvidia.com/gpu.present"] = "true" }, options.GpuNodeSelector);
        Assert.Equal(2, options.GpuTolerations.Count);
        Assert.Equal(("nvidia.com/gpu", "Exists", (string?)null, "NoSchedule", (long?)null),
            (options.GpuTolerations[0].Key, options.GpuTolerations[0].Operator, options.GpuTolerations[0].Value, options.GpuTolerations[0].Effect, options.GpuTolerations[0].TolerationSeconds));
        Assert.Equal(("dedicated", "Equal", "simulation", "NoExecute", 300L),
            (options.GpuTolerations[1].Key, options.GpuTolerations[1].Operator, options.GpuTolerations[1].Value, options.GpuTolerations[1].Effect, options.GpuTolerations[1].TolerationSeconds));

        // And they arrive on the GPU Job the operator builds with these settings.
        var pod = ScenarioJobs.Simulation(TestScenarios.Valid(accelerator: "gpu"), cpuFallback: false, options, DateTimeOffset.UnixEpoch)["spec"]!["template"]!["spec"]!;
        Assert.Equal("registry.example/city/worker:2.3.4", (string?)pod["containers"]![0]!["image"]);
        Assert.Equal("h100", (string?)pod["nodeSelector"]!["cloud.example/accelerator"]);
        Assert.Equal("true", (string?)pod["nodeSelector"]!["nvidia.com/gpu.present"]);
        Assert.Equal(300, (long)pod["tolerations"]![1]!["tolerationSeconds"]!);
    }

    [Fact]
    public void Should_Never_Request_A_Gpu_When_The_Cluster_Has_None()
    {
        Assert.True(OperatorChart.Options(OperatorChart.Render()).GpuEnabled);

        var options = OperatorChart.Options(OperatorChart.Render("""
            operator:
              gpu:
                enabled: false
            """));
        Assert.False(options.GpuEnabled);
        Assert.Empty(options.GpuNodeSelector);
        Assert.Empty(options.GpuTolerations);
    }

    [Fact]
    public void Should_Run_Workers_From_The_Worker_Image_By_Default()
    {
        var chart = OperatorChart.Render();
        var options = OperatorChart.Options(chart);
        var appVersion = (string?)OperatorChart.Deployment(chart)["metadata"]!["labels"]!["app.kubernetes.io/version"];

        Assert.Equal($"citymesh/citymesh-worker:{appVersion}", options.Image);
        Assert.Equal($"citymesh/citymesh-operator:{appVersion}", (string?)OperatorChart.Container(chart)["image"]);
        Assert.Equal("true", options.GpuNodeSelector["nvidia.com/gpu.present"]);
        Assert.Equal("nvidia.com/gpu", options.GpuTolerations.Single().Key);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_Watch_The_Release_Namespace_Unless_Told_To_Watch_All(bool watchAllNamespaces)
    {
        var chart = OperatorChart.Render($"operator:\n  watchAllNamespaces: {(watchAllNamespaces ? "true" : "false")}\n");
        var options = OperatorChart.Options(chart);

        Assert.Equal(Ns, options.LeaseNamespace);
        Assert.Equal(OperatorChart.Component, options.LeaseName);
        Assert.True(options.LeaderElection);
        if (watchAllNamespaces)
        {
            Assert.True(string.IsNullOrEmpty(options.WatchNamespace));
            var role = Assert.Single(chart.OfKind("ClusterRole"));
            var binding = Assert.Single(chart.OfKind("ClusterRoleBinding"));
            Assert.Contains(Ns, role.Name, StringComparison.Ordinal); // cluster-wide names stay apart per release namespace
            Assert.Equal(role.Name, (string?)binding.Object["roleRef"]!["name"]);
            Assert.DoesNotContain(chart.OfKind("Role"), r => r.Object["rules"]!.AsArray().Any(rule => Resources(rule).Contains("twinscenarios")));
        }
        else
        {
            Assert.Equal(Ns, options.WatchNamespace);
            Assert.Empty(chart.OfKind("ClusterRole"));
            Assert.Empty(chart.OfKind("ClusterRoleBinding"));
            var role = chart.Single("Role", OperatorChart.Component);
            Assert.Equal(Ns, (string?)role.Object["metadata"]!["namespace"]);
        }
        // The Lease is always a Role in the release namespace.
        var lease = Assert.Single(chart.OfKind("Role"), r => r.Object["rules"]!.AsArray().Any(rule => Resources(rule).Contains("leases")));
        Assert.Equal(Ns, (string?)lease.Object["metadata"]!["namespace"]);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, true)]
    public void Should_Keep_A_Disruption_Budget_Only_With_Standbys(int replicas, bool budget)
    {
        var chart = OperatorChart.Render($"operator:\n  replicas: {replicas}\n");
        Assert.Equal(replicas, (int)OperatorChart.Deployment(chart)["spec"]!["replicas"]!);
        var pdbs = chart.OfKind("PodDisruptionBudget").Where(m => m.Name == OperatorChart.Component).ToList();
        if (!budget)
        {
            Assert.Empty(pdbs);
            return;
        }
        var pdb = Assert.Single(pdbs).Object;
        Assert.Equal(1, (int)pdb["spec"]!["maxUnavailable"]!);
        Assert.Equal(OperatorChart.Deployment(chart)["spec"]!["selector"]!["matchLabels"]!.ToJsonString(), pdb["spec"]!["selector"]!["matchLabels"]!.ToJsonString());
    }

    [Fact]
    public void Should_Render_No_Operator_When_Disabled()
    {
        var chart = OperatorChart.Render("operator:\n  enabled: false\n");
        Assert.DoesNotContain(chart.Manifests, m => m.Source.Contains("templates/operator/", StringComparison.Ordinal));
        Assert.Contains(OperatorChart.Render().Manifests, m => m.Source.Contains("templates/operator/", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Refuse_A_Gpu_Toleration_Field_The_Operator_Would_Drop()
    {
        var error = ChartRenderer.FailureWith("""
            operator:
              gpu:
                tolerations:
                  - key: nvidia.com/gpu
                    tolerationSecs: 30
            """);
        Assert.Contains("tolerationSecs", error, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Resources(JsonNode? rule) => rule!["resources"]!.AsArray().Select(r => (string)r!);
}
