using System.Text.Json.Nodes;
using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Chart;

/// <summary>NetworkPolicies: deny by default, then only the traffic CityMesh needs.</summary>
public sealed class NetworkPolicyTests
{
    private static JsonObject PodSelector(Manifest policy) => policy.Object["spec"]!["podSelector"]!.AsObject();

    private static IEnumerable<Manifest> Applying(RenderedChart chart, JsonObject labels) =>
        chart.OfKind("NetworkPolicy").Where(p => Pods.Selects(PodSelector(p), labels));

    [Theory]
    [MemberData(nameof(Cities.All), MemberType = typeof(Cities))]
    public void Every_pod_is_denied_by_default_and_allowed_some_egress(string city)
    {
        var chart = Cities.Render(city);
        foreach (var (owner, pod) in chart.PodTemplates())
        {
            var policies = Applying(chart, Pods.Labels(pod)).ToArray();
            Assert.Contains(policies, p => p.Object["spec"]!["ingress"] is null && p.Object["spec"]!["egress"] is null
                && p.Object["spec"]!["policyTypes"]!.AsArray().Select(t => (string)t!).Order().SequenceEqual(["Egress", "Ingress"]));
            Assert.Contains(policies, p => p.Object["spec"]!["egress"] is JsonArray { Count: > 0 });
        }
    }

    [Fact]
    public void No_ingress_rule_admits_everyone()
    {
        foreach (var values in new[] { "", "networkPolicy:\n  metricsFrom: []\n  apiFrom: []\n" })
        {
            var chart = ChartRenderer.RenderWith(values == "" ? "{}\n" : values);
            foreach (var policy in chart.OfKind("NetworkPolicy"))
                foreach (var rule in policy.Object["spec"]!["ingress"]?.AsArray() ?? [])
                    Assert.True(rule!["from"] is JsonArray { Count: > 0 }, $"{policy} has an ingress rule open to every source");
        }
    }

    [Fact]
    public void The_twin_admits_the_other_targets_and_scenario_workers_and_nothing_else_on_its_own()
    {
        var chart = ChartRenderer.Render();
        var twinLabels = Pods.Labels(chart.Single("Deployment", "jinan-citymesh-twin").Object["spec"]!["template"]!.AsObject());
        var twinPolicy = chart.Single("NetworkPolicy", "jinan-citymesh-twin");
        Assert.True(Pods.Selects(PodSelector(twinPolicy), twinLabels));
        var from = twinPolicy.Object["spec"]!["ingress"]![0]!["from"]!.AsArray();
        foreach (var target in new[] { "governance", "transport" })
        {
            var labels = Pods.Labels(chart.Single("Deployment", $"jinan-citymesh-{target}").Object["spec"]!["template"]!.AsObject());
            Assert.Contains(from, peer => peer!["podSelector"] is JsonObject s && peer["namespaceSelector"] is null && Pods.Selects(s, labels));
        }
        var worker = new JsonObject { ["citymesh.io/scenario"] = "rush-hour", ["app"] = "x" };
        Assert.Contains(from, peer => peer!["podSelector"] is JsonObject s && Pods.Selects(s, worker));
        Assert.DoesNotContain(from, peer => peer!["podSelector"] is JsonObject s && peer["namespaceSelector"] is not null
            && Pods.Selects(s, new JsonObject { ["app"] = "anything" }));
    }

    [Fact]
    public void Services_reach_kafka_postgres_and_the_dapr_control_plane_and_the_operator_only_the_api_server()
    {
        var chart = Cities.Render("jinan");
        var services = chart.Single("NetworkPolicy", "jinan-citymesh-services");
        var egress = services.Object["spec"]!["egress"]!.AsArray();
        var ports = egress.SelectMany(r => r!["ports"]?.AsArray() ?? []).Select(p => (int)p!["port"]!).ToHashSet();
        Assert.Contains(9093, ports);
        Assert.Contains(5432, ports);
        Assert.Contains(8080, ports);
        Assert.Contains(8081, ports); // the twin read API
        var twin = chart.Single("NetworkPolicy", "jinan-citymesh-twin");
        var twinPorts = twin.Object["spec"]!["ingress"]!.AsArray().SelectMany(r => r!["ports"]!.AsArray()).Select(p => (int)p!["port"]!).ToArray();
        Assert.Equal([8080, 8081], twinPorts);
        Assert.Contains(egress, r => r!["to"]!.AsArray().Any(t => (string?)t!["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"] == "dapr-system"));
        Assert.Contains(egress, r => r!["to"]!.AsArray().Any(t => (string?)t!["podSelector"]?["matchLabels"]?["strimzi.io/cluster"] == "jinan"));

        var operatorPolicy = chart.Single("NetworkPolicy", "jinan-citymesh-operator");
        var operatorPorts = operatorPolicy.Object["spec"]!["egress"]!.AsArray()
            .SelectMany(r => r!["ports"]!.AsArray()).Select(p => (int)p!["port"]!).Order();
        Assert.Equal([443, 6443], operatorPorts);
        var operatorLabels = Pods.Labels(chart.Single("Deployment", "jinan-citymesh-operator").Object["spec"]!["template"]!.AsObject());
        Assert.True(Pods.Selects(PodSelector(operatorPolicy), operatorLabels));
        Assert.DoesNotContain(Applying(chart, operatorLabels), p => p.Name == "jinan-citymesh-services");
    }

    private static JsonObject PodOf(RenderedChart chart, string target) =>
        chart.Single("Deployment", $"jinan-citymesh-{target}").Object["spec"]!["template"]!.AsObject();

    private static (int Port, string Protocol)[] Ports(JsonNode rule) =>
        [.. rule["ports"]!.AsArray().Select(p => ((int)p!["port"]!, (string)p["protocol"]!))];

    [Fact]
    public void Health_joins_the_service_targets_policies_and_reaches_transports_http_port_and_nothing_else_new()
    {
        var with = ChartRenderer.Render();
        var without = ChartRenderer.RenderWith("services:\n  health:\n    enabled: false\n");
        var targets = new[] { "twin", "governance", "transport", "health" }.ToDictionary(t => t, t => Pods.Labels(PodOf(with, t)));
        var (health, transport) = (targets["health"], targets["transport"]);

        // The policies every target shares (denied by default, then the services policy: the twin's HTTP and gRPC read
        // API, Kafka, the collector, the Dapr control plane; API calls from networkPolicy.apiFrom), plus one each for
        // the path between them.
        Assert.Equal(Applying(with, transport).Select(p => p.Name).Where(n => n != "jinan-citymesh-transport").Order(),
            Applying(with, health).Select(p => p.Name).Where(n => n != "jinan-citymesh-health").Order());
        var twinIngress = with.Single("NetworkPolicy", "jinan-citymesh-twin").Object["spec"]!["ingress"]![0]!;
        Assert.Contains(twinIngress["from"]!.AsArray(), peer => peer!["podSelector"] is JsonObject s && peer["namespaceSelector"] is null && Pods.Selects(s, health));
        Assert.Contains(twinIngress["ports"]!.AsArray(), p => (int)p!["port"]! == 8080); // writes emergency calls (NGSI-LD)
        Assert.Contains(twinIngress["ports"]!.AsArray(), p => (int)p!["port"]! == 8081); // watches and queries (gRPC)

        // The shared services policy still reaches only the twin within the release.
        var egress = with.Single("NetworkPolicy", "jinan-citymesh-services").Object["spec"]!["egress"]!.AsArray();
        var inRelease = egress.SelectMany(r => r!["to"]!.AsArray()).Where(t => t!["podSelector"] is JsonObject && t["namespaceSelector"] is null).ToArray();
        Assert.All(inRelease, t => Assert.True(Pods.Selects(t!["podSelector"]!.AsObject(), targets["twin"])));
        Assert.DoesNotContain(inRelease, t => Pods.Selects(t!["podSelector"]!.AsObject(), transport));

        // Out of health's pods: one rule, to transport's pods only, on transport's HTTP port (its container's and
        // Service's "http") only.
        var httpPort = (int)Pods.Containers(PodOf(with, "transport")).Single()["ports"]!.AsArray().Single(p => (string)p!["name"]! == "http")!["containerPort"]!;
        Assert.Equal(8080, httpPort);
        var outOfHealth = with.Single("NetworkPolicy", "jinan-citymesh-health").Object["spec"]!.AsObject();
        Assert.Equal(["health"], targets.Where(t => Pods.Selects(outOfHealth["podSelector"]!.AsObject(), t.Value)).Select(t => t.Key));
        Assert.Equal(["Egress"], outOfHealth["policyTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Null(outOfHealth["ingress"]);
        var toTransport = Assert.Single(outOfHealth["egress"]!.AsArray())!;
        var peer = Assert.Single(toTransport["to"]!.AsArray())!;
        Assert.Null(peer["namespaceSelector"]);
        Assert.Null(peer["ipBlock"]);
        Assert.Equal(["transport"], targets.Where(t => Pods.Selects(peer["podSelector"]!.AsObject(), t.Value)).Select(t => t.Key));
        Assert.Equal([(httpPort, "TCP")], Ports(toTransport));

        // Into transport's pods: from health's pods only, on the same port.
        var intoTransport = with.Single("NetworkPolicy", "jinan-citymesh-transport").Object["spec"]!.AsObject();
        Assert.Equal(["transport"], targets.Where(t => Pods.Selects(intoTransport["podSelector"]!.AsObject(), t.Value)).Select(t => t.Key));
        Assert.Equal(["Ingress"], intoTransport["policyTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Null(intoTransport["egress"]);
        var fromHealth = Assert.Single(intoTransport["ingress"]!.AsArray())!;
        var caller = Assert.Single(fromHealth["from"]!.AsArray())!;
        Assert.Null(caller["namespaceSelector"]);
        Assert.Null(caller["ipBlock"]);
        Assert.Equal(["health"], targets.Where(t => Pods.Selects(caller["podSelector"]!.AsObject(), t.Value)).Select(t => t.Key));
        Assert.Equal([(httpPort, "TCP")], Ports(fromHealth));

        // Nothing else changes: beside these two policies, with health's name taken out of the services selector,
        // every policy is as without health.
        static string Text(Manifest m) => m.Object.ToJsonString().Replace(",\"health\"", "", StringComparison.Ordinal);
        string[] added = ["jinan-citymesh-health", "jinan-citymesh-transport"];
        Assert.Equal(added, with.OfKind("NetworkPolicy").Select(p => p.Name).Except(without.OfKind("NetworkPolicy").Select(p => p.Name)).Order());
        Assert.Equal(without.OfKind("NetworkPolicy").Select(Text), with.OfKind("NetworkPolicy").Where(p => !added.Contains(p.Name)).Select(Text));
    }

    /// <summary>
    /// safety reads the twin over its gRPC read API and talks to nothing else but the bus (through its sidecar), so it takes
    /// the policies every target shares and no path of its own: in, the ingress controller on the HTTP port (the Ingress
    /// routes /safety to it, as /health to health) and the scrapers; out, the twin's read API, Kafka, the collector and the
    /// Dapr control plane.
    /// </summary>
    [Fact]
    public void Safety_joins_the_service_targets_policies_reaching_the_twins_read_api_and_nothing_else_new()
    {
        var with = ChartRenderer.Render();
        var without = ChartRenderer.RenderWith("services:\n  safety:\n    enabled: false\n");
        var targets = new[] { "twin", "governance", "transport", "health", "safety" }.ToDictionary(t => t, t => Pods.Labels(PodOf(with, t)));
        var safety = targets["safety"];
        Assert.Equal(["jinan-citymesh-default-deny", "jinan-citymesh-dns", "jinan-citymesh-services"], Applying(with, safety).Select(p => p.Name).Order());

        // In: API calls from networkPolicy.apiFrom (the ingress controller's namespace) on the HTTP port.
        var services = with.Single("NetworkPolicy", "jinan-citymesh-services").Object["spec"]!;
        var fromIngress = services["ingress"]!.AsArray().Single(r => r!["from"]!.AsArray()
            .Any(p => (string?)p!["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"] == "ingress-nginx"))!;
        Assert.Contains((8080, "TCP"), Ports(fromIngress));

        // Out: the twin's pods on the port of its Service's gRPC read API, which the twin's own policy opens to it.
        var grpcPort = (int)with.Single("Service", "jinan-citymesh-twin").Object["spec"]!["ports"]!.AsArray()
            .Single(p => (string)p!["name"]! == "grpc")!["port"]!;
        Assert.Contains(services["egress"]!.AsArray(), r => Ports(r!).Contains((grpcPort, "TCP")) && r!["to"]!.AsArray()
            .Any(t => t!["podSelector"] is JsonObject s && t["namespaceSelector"] is null && Pods.Selects(s, targets["twin"])));
        var twinIngress = with.Single("NetworkPolicy", "jinan-citymesh-twin").Object["spec"]!["ingress"]![0]!;
        Assert.Contains(twinIngress["from"]!.AsArray(), peer => peer!["podSelector"] is JsonObject s && peer["namespaceSelector"] is null && Pods.Selects(s, safety));
        Assert.Contains((grpcPort, "TCP"), Ports(twinIngress));

        // No other target lets it in.
        foreach (var (_, labels) in targets.Where(t => t.Key is not ("twin" or "safety")))
            foreach (var policy in Applying(with, labels))
                foreach (var rule in policy.Object["spec"]!["ingress"]?.AsArray() ?? [])
                    Assert.DoesNotContain(rule!["from"]!.AsArray(), peer => peer!["podSelector"] is JsonObject s && peer["namespaceSelector"] is null && Pods.Selects(s, safety));

        // Nothing else changes: with safety's name taken out of the services selector, every policy is as without it.
        static string Text(Manifest m) => m.Object.ToJsonString().Replace(",\"safety\"", "", StringComparison.Ordinal);
        Assert.Equal(without.OfKind("NetworkPolicy").Select(p => p.Name), with.OfKind("NetworkPolicy").Select(p => p.Name));
        Assert.Equal(without.OfKind("NetworkPolicy").Select(Text), with.OfKind("NetworkPolicy").Select(Text));
        Assert.NotEqual(without.OfKind("NetworkPolicy").Select(p => p.Object.ToJsonString()), with.OfKind("NetworkPolicy").Select(p => p.Object.ToJsonString()));
    }

    [Fact]
    public void Without_transport_health_gets_no_path_beyond_the_shared_policies()
    {
        var chart = ChartRenderer.RenderWith("services:\n  transport:\n    enabled: false\n");
        var health = Pods.Labels(PodOf(chart, "health"));
        Assert.DoesNotContain(chart.OfKind("NetworkPolicy"), p => p.Name is "jinan-citymesh-health" or "jinan-citymesh-transport");
        Assert.Equal(["jinan-citymesh-default-deny", "jinan-citymesh-dns", "jinan-citymesh-services"], Applying(chart, health).Select(p => p.Name).Order());
        // Nor with transport on but health off: transport admits no one new.
        var noHealth = ChartRenderer.RenderWith("services:\n  health:\n    enabled: false\n");
        Assert.Equal(["jinan-citymesh-default-deny", "jinan-citymesh-dns", "jinan-citymesh-services"],
            Applying(noHealth, Pods.Labels(PodOf(noHealth, "transport"))).Select(p => p.Name).Order());
    }

    [Fact]
    public void Policies_can_be_turned_off()
    {
        Assert.Empty(ChartRenderer.RenderWith("networkPolicy:\n  enabled: false\n").OfKind("NetworkPolicy"));
    }
}
