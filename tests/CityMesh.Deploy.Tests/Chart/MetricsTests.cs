using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Chart;

/// <summary>How a city's Prometheus and Grafana find CityMesh: scrape annotations, ServiceMonitors, the dashboard, OTLP.</summary>
public sealed class MetricsTests
{
    private static readonly string[] Targets = ["twin", "governance", "transport", "health", "energy", "safety"];

    [Fact]
    public void By_default_every_pod_is_annotated_for_scraping_and_the_dashboard_ships_but_no_service_monitor()
    {
        var chart = ChartRenderer.Render();
        foreach (var (owner, pod) in chart.PodTemplates())
        {
            Assert.Equal("true", Pods.Annotation(pod, "prometheus.io/scrape"));
            Assert.Equal("8080", Pods.Annotation(pod, "prometheus.io/port"));
            Assert.Equal("/metrics", Pods.Annotation(pod, "prometheus.io/path"));
            var ports = Pods.Containers(pod).SelectMany(c => c["ports"]?.AsArray() ?? []).Select(p => (int)p!["containerPort"]!);
            Assert.Contains(8080, ports);
            Assert.All(Pods.Containers(pod), c => Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", Pods.Env(c).Keys));
            _ = owner;
        }
        Assert.Empty(chart.OfKind("ServiceMonitor"));

        var dashboard = chart.Single("ConfigMap", "jinan-citymesh-dashboard");
        Assert.Equal("1", (string?)dashboard.Object["metadata"]!["labels"]!["grafana_dashboard"]);
        var json = JsonNode.Parse((string)dashboard.Object["data"]!["citymesh-jinan.json"]!)!;
        Assert.Equal("CityMesh — Jinan", (string?)json["title"]);
        var exprs = json["panels"]!.AsArray().SelectMany(p => p!["targets"]?.AsArray() ?? []).Select(t => (string)t!["expr"]!).ToList();
        foreach (var metric in new[] { "citymesh_ingest_readings_total", "messaging_client_sent_messages_total", "citymesh_bus_consumer_lag",
                     "citymesh_bus_dead_letters_total", "citymesh_twin_entities", "citymesh_governance_actions", "citymesh_audit_chain_length",
                     "citymesh_simulation_vehicle_updates_total", "citymesh_operator_scenarios", "citymesh_operator_reconciles_total" })
            Assert.Contains(exprs, e => e.Contains(metric, StringComparison.Ordinal));
    }

    /// <summary>
    /// Every CityMesh metric the dashboard plots is one some code declares: the OpenTelemetry name (dots) becomes the
    /// Prometheus one with underscores, and a counter gains <c>_total</c>, a histogram in seconds <c>_seconds_*</c>.
    /// </summary>
    [Fact]
    public void The_dashboard_plots_only_metrics_the_code_declares()
    {
        var json = JsonNode.Parse(File.ReadAllText(Repository.Path("charts/citymesh/dashboards/city.json")))!;
        var plotted = json["panels"]!.AsArray().SelectMany(p => p!["targets"]?.AsArray() ?? [])
            .Select(t => Regex.Replace((string)t!["expr"]!, @"\b(by|without)\s*\([^)]*\)|\{[^}]*\}", "")) // label names are not metrics
            .SelectMany(e => Regex.Matches(e, @"\b(citymesh_[a-z_]+|messaging_[a-z_]+)").Select(m => m.Value)).Distinct().ToList();
        var declared = Directory.EnumerateFiles(Repository.Root, "*.cs", SearchOption.AllDirectories)
            .Where(f => (f.Contains("/services/") || f.Contains("/operator/")) && !f.Contains("/obj/") && !f.Contains("/bin/"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"((?:citymesh|messaging)\\.[a-z_.]+)\"").Select(m => m.Groups[1].Value.Replace('.', '_')))
            .ToHashSet();
        Assert.NotEmpty(plotted);
        foreach (var metric in plotted)
        {
            var stem = Regex.Replace(metric, "(_seconds)?(_total|_bucket|_count|_sum)?$", "");
            Assert.True(declared.Contains(stem) || declared.Contains(Regex.Replace(stem, "_seconds$", "")),
                $"the dashboard plots {metric}, but no code declares {stem.Replace('_', '.')}");
        }
    }

    [Fact]
    public void Service_monitors_select_each_target_and_the_operator_on_their_http_ports_and_switches_turn_the_rest_off()
    {
        var chart = ChartRenderer.RenderWith("""
            metrics:
              podAnnotations: false
              serviceMonitor:
                enabled: true
                interval: 15s
                labels:
                  release: kube-prometheus-stack
              grafanaDashboard:
                enabled: false
            """);
        Assert.All(chart.PodTemplates(), p => Assert.Null(Pods.Annotation(p.Pod, "prometheus.io/scrape")));
        Assert.DoesNotContain(chart.OfKind("ConfigMap"), c => c.Name.EndsWith("-dashboard", StringComparison.Ordinal));
        var monitors = chart.OfKind("ServiceMonitor").ToList();
        Assert.Equal(Targets.Select(t => $"jinan-citymesh-{t}").Append("jinan-citymesh-operator").Order(), monitors.Select(m => m.Name).Order());
        foreach (var monitor in monitors)
        {
            Assert.Equal("kube-prometheus-stack", (string?)monitor.Object["metadata"]!["labels"]!["release"]);
            var service = chart.Single("Service", monitor.Name);
            var selector = monitor.Object["spec"]!["selector"]!.AsObject();
            Assert.True(Pods.Selects(selector, service.Object["metadata"]!["labels"]!.AsObject()), $"{monitor.Name} does not select its Service");
            var endpoint = Assert.Single(monitor.Object["spec"]!["endpoints"]!.AsArray())!;
            Assert.Equal("/metrics", (string?)endpoint["path"]);
            Assert.Equal("15s", (string?)endpoint["interval"]);
            var port = service.Object["spec"]!["ports"]!.AsArray().Single(p => (string?)p!["name"] == (string?)endpoint["port"])!;
            Assert.Equal(8080, (int)port["port"]!);
        }
    }

    [Fact]
    public void An_otlp_endpoint_reaches_every_container_and_the_network_policies_let_it_out_and_scrapers_in()
    {
        var chart = ChartRenderer.RenderWith("""
            messaging:
              transport: kafka
            metrics:
              otlpEndpoint: http://otel-collector.observability:4317
            """);
        foreach (var (_, pod) in chart.PodTemplates())
            Assert.Equal("http://otel-collector.observability:4317", Pods.Env(Pods.Containers(pod).First())["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        foreach (var policy in new[] { "jinan-citymesh-services", "jinan-citymesh-operator" })
        {
            var egress = chart.Single("NetworkPolicy", policy).Object["spec"]!["egress"]!.AsArray();
            Assert.Contains(egress, rule => rule!["ports"]?.AsArray().Any(p => (int?)p!["port"] == 4317) == true);
        }
        var ingress = chart.Single("NetworkPolicy", "jinan-citymesh-services").Object["spec"]!["ingress"]!.AsArray();
        var scrape = ingress.Single(rule => rule!["from"]!.ToJsonString().Contains("observability"))!;
        Assert.Contains(8080, scrape["ports"]!.AsArray().Select(p => (int)p!["port"]!));

        Assert.Contains("otlpEndpoint", ChartRenderer.FailureWith("metrics:\n  otlpEndpoint: otel-collector:4317\n"));
    }
}
