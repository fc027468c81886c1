using CityMesh.Deploy.Tests.Support;
using CityMesh.Messaging;

namespace CityMesh.Deploy.Tests.Chart;

/// <summary>Dapr: sidecar annotations, the Kafka pub/sub component and who may use it, resiliency, tracing.</summary>
public sealed class DaprTests
{
    [Theory]
    [MemberData(nameof(Cities.All), MemberType = typeof(Cities))]
    public void Every_app_id_that_publishes_or_subscribes_is_a_deployment_and_is_in_the_components_scopes(string city)
    {
        var chart = Cities.Render(city);
        var pubsub = Assert.Single(chart.OfKind("Component"));
        var resiliency = Assert.Single(chart.OfKind("Resiliency"));
        var configuration = Assert.Single(chart.OfKind("Configuration"));

        var appIds = new List<string>();
        foreach (var (owner, pod) in chart.PodTemplates().Where(p => Pods.Annotation(p.Pod, "dapr.io/enabled") == "true"))
        {
            var appId = Pods.Annotation(pod, "dapr.io/app-id")!;
            appIds.Add(appId);
            Assert.Equal("8080", Pods.Annotation(pod, "dapr.io/app-port"));
            Assert.Equal(configuration.Name, Pods.Annotation(pod, "dapr.io/config"));
            // The app publishes to and subscribes from the component it is told about.
            var env = Pods.Env(Pods.Containers(pod).Single());
            Assert.Equal("dapr", env["CityMesh__Messaging__Transport"]);
            Assert.Equal(pubsub.Name, env["CityMesh__Messaging__Dapr__PubSubName"]);
        }
        Assert.Equal(6, appIds.Count); // twin, governance, transport, health, energy, safety
        Assert.Equal(appIds.Count, appIds.Distinct().Count());

        var scopes = pubsub.Object["scopes"]!.AsArray().Select(s => (string)s!).ToArray();
        Assert.Equal(appIds.Order(), scopes.Order());
        Assert.Equal(appIds.Order(), resiliency.Object["scopes"]!.AsArray().Select(s => (string)s!).Order());
        Assert.Equal("pubsub.kafka", (string)pubsub.Object["spec"]!["type"]!);
    }

    [Fact]
    public void Only_domain_services_may_propose_actions_and_only_governance_decides_them()
    {
        var chart = ChartRenderer.Render();
        var metadata = chart.OfKind("Component").Single().Object["spec"]!["metadata"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => (string)m!["value"]!);
        var grants = metadata["publishingScopes"].Split(';').Select(s => s.Split('='))
            .ToDictionary(p => p[0], p => p[1].Split(',').ToHashSet());
        var protectedTopics = metadata["protectedTopics"].Split(',');
        Assert.Contains(Topics.ActionsProposed, protectedTopics);
        Assert.Contains(Topics.ActionsDecided, protectedTopics);
        Assert.Contains(Topics.TwinChanged, protectedTopics);

        static string AppId(string target) => $"jinan-citymesh-{target}";
        Assert.Equal([AppId("energy"), AppId("governance"), AppId("health"), AppId("safety"), AppId("transport"), AppId("twin")], grants.Keys.Order());
        // What each module publishes, named by the code's own topics: a module that gains a topic fails here first.
        Assert.Superset(new HashSet<string> { Topics.ActionsProposed, Topics.DomainEvents("transport"), Topics.DeadLetter(Topics.TwinChanged), Topics.DeadLetter(Topics.ActionsDecided) }, grants[AppId("transport")]);
        Assert.Superset(new HashSet<string> { Topics.ActionsDecided, Topics.DeadLetter(Topics.ActionsProposed) }, grants[AppId("governance")]);
        Assert.Superset(new HashSet<string> { Topics.TwinChanged, Topics.TelemetryRaw, Topics.DeadLetter(Topics.TelemetryRaw), Topics.DeadLetter(Topics.TwinChanged) }, grants[AppId("twin")]);
        Assert.DoesNotContain(Topics.ActionsProposed, grants[AppId("twin")]);
        Assert.DoesNotContain(Topics.ActionsProposed, grants[AppId("governance")]);
        Assert.DoesNotContain(Topics.ActionsDecided, grants[AppId("transport")]);
        Assert.DoesNotContain(Topics.TwinChanged, grants[AppId("transport")]);
        Assert.Superset(new HashSet<string> { Topics.TelemetryRaw, Topics.DomainEvents("health"), Topics.ActionsProposed, Topics.DeadLetter(Topics.ActionsDecided),
            Topics.DeadLetter(Topics.DomainEvents("safety")) }, grants[AppId("health")]);
        Assert.DoesNotContain(Topics.ActionsDecided, grants[AppId("health")]);
        Assert.DoesNotContain(Topics.TwinChanged, grants[AppId("health")]);
        Assert.Superset(new HashSet<string> { Topics.DomainEvents("safety"), Topics.ActionsProposed, Topics.DeadLetter(Topics.ActionsDecided) }, grants[AppId("safety")]);
        Assert.DoesNotContain(Topics.ActionsDecided, grants[AppId("safety")]);
        Assert.DoesNotContain(Topics.TwinChanged, grants[AppId("safety")]);
        // Energy announces violations and proposes relief; it consumes safety's flood impacts, whose dead letters it writes.
        Assert.Equal(new[] { Topics.DomainEvents("energy"), Topics.ActionsProposed, Topics.DeadLetter(Topics.DomainEvents("safety")) }.Order(), grants[AppId("energy")].Order());
        var energy = string.Concat(Directory.EnumerateFiles(Repository.Path("services/CityMesh.Energy"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)).Select(File.ReadAllText));
        Assert.Equal(["Topics.DomainEvents(SafetyDomain)"],
            System.Text.RegularExpressions.Regex.Matches(energy, @"AddEvent(?:Batch)?Handler<\w+>\(([^,]+),").Select(m => m.Groups[1].Value.Trim()));
        Assert.Matches(@"SafetyDomain = ""safety"";", energy);
        // Health's dispatch leaves transport's grant as it was.
        Assert.Equal(new[] { Topics.DomainEvents("transport"), Topics.ActionsProposed, Topics.DeadLetter(Topics.TwinChanged), Topics.DeadLetter(Topics.ActionsDecided) }.Order(),
            grants[AppId("transport")].Order());
    }

    /// <summary>
    /// health publishes what its code publishes and nothing more: hospitals' FHIR reports as readings on telemetry.raw,
    /// capacity alerts on health.events, ambulance dispatch proposals on actions.proposed (its one protected topic); and,
    /// as transport does, the dead letters of the topics it consumes, governance's decisions on actions.decided and safety's flood impacts on safety.events.
    /// It never decides (actions.decided) nor changes the twin through the bus (twin.changed). A module change that
    /// publishes or consumes more fails the source checks below first.
    /// </summary>
    [Fact]
    public void Health_may_publish_what_its_code_publishes_and_the_dead_letters_of_what_it_consumes()
    {
        var metadata = ChartRenderer.Render().OfKind("Component").Single().Object["spec"]!["metadata"]!.AsArray()
            .ToDictionary(m => (string)m!["name"]!, m => (string)m!["value"]!);
        var grants = metadata["publishingScopes"].Split(';').Select(s => s.Split('=')).ToDictionary(p => p[0], p => p[1].Split(','));
        var health = grants["jinan-citymesh-health"];
        Assert.Equal([Topics.TelemetryRaw, Topics.DomainEvents("health"), Topics.ActionsProposed, Topics.DeadLetter(Topics.ActionsDecided),
            Topics.DeadLetter(Topics.DomainEvents("safety"))], health);
        Assert.Equal([Topics.ActionsProposed], metadata["protectedTopics"].Split(',').Where(health.Contains));

        var code = string.Concat(Directory.EnumerateFiles(Repository.Path("services/CityMesh.Health"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)).Select(File.ReadAllText));
        // What it publishes: the FHIR intake's readings, the capacity monitor's alerts (its Domain is "health", announced
        // through DomainAnnouncements, which publishes on Topics.DomainEvents(domain)), dispatch's proposals.
        var published = System.Text.RegularExpressions.Regex.Matches(code, @"PublishAsync\((Topics\.[A-Za-z]+(\([^)]*\))?)").Select(m => m.Groups[1].Value)
            .Concat(System.Text.RegularExpressions.Regex.Matches(code, @"DomainAnnouncements\.PublishThenNotifyAsync\(\w+, (\w+),").Select(m => $"Topics.DomainEvents({m.Groups[1].Value})"));
        Assert.Equal(["Topics.ActionsProposed", "Topics.DomainEvents(Domain)", "Topics.TelemetryRaw"], published.Distinct().Order(StringComparer.Ordinal));
        Assert.Matches(@"const string Domain = ""health"";", code);
        // What it consumes: governance's decisions (subscriber health-dispatch) and safety's flood impacts (health-flood);
        // their dead letters are in the grant.
        Assert.Equal(["Topics.ActionsDecided", "Topics.DomainEvents(SafetyDomain)"],
            System.Text.RegularExpressions.Regex.Matches(code, @"AddEvent(?:Batch)?Handler<\w+>\(([^,]+),").Select(m => m.Groups[1].Value.Trim()));
        Assert.DoesNotMatch(@"WithTopic\(", code);
        Assert.Matches(@"Subscriber = ""health-dispatch"";", code);
        Assert.Matches(@"Subscriber = ""health-flood"";", code);
        Assert.Matches(@"SafetyDomain = ""safety"";", code);
    }

    private static Dictionary<string, string> PubSubMetadata(RenderedChart chart) =>
        chart.OfKind("Component").Single().Object["spec"]!["metadata"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => (string)m!["value"]!);

    private static Dictionary<string, string[]> Grants(RenderedChart chart) =>
        PubSubMetadata(chart)["publishingScopes"].Split(';').Select(s => s.Split('=')).ToDictionary(p => p[0], p => p[1].Split(','));

    /// <summary>
    /// safety publishes what its contract names and nothing more: flood alerts on safety.events, road closures and
    /// evacuation orders on actions.proposed (its one protected topic), and the dead letters of the one topic it consumes,
    /// governance's decisions on actions.decided, as health does. It may use the component and its resiliency like every
    /// target, in both example cities. Safety_may_publish_what_its_code_publishes_and_the_dead_letters_of_what_it_consumes
    /// checks the same grant against the module's source.
    /// </summary>
    [Fact]
    public void Safety_may_publish_its_events_proposals_and_the_dead_letters_of_the_decisions_it_consumes()
    {
        foreach (var chart in new[] { ChartRenderer.Render(), Cities.Render("jinan"), Cities.Render("hangzhou") })
        {
            var component = chart.OfKind("Component").Single();
            var appId = Pods.Annotation(chart.PodTemplates().Single(p => p.Owner.Name.EndsWith("-citymesh-safety", StringComparison.Ordinal)).Pod, "dapr.io/app-id")!;
            var safety = Grants(chart)[appId];
            Assert.Equal([Topics.DomainEvents("safety"), Topics.ActionsProposed, Topics.DeadLetter(Topics.ActionsDecided)], safety);
            Assert.Equal([Topics.ActionsProposed], PubSubMetadata(chart)["protectedTopics"].Split(',').Where(safety.Contains));
            Assert.Contains(appId, component.Object["scopes"]!.AsArray().Select(s => (string)s!));
            Assert.Contains(appId, chart.OfKind("Resiliency").Single().Object["scopes"]!.AsArray().Select(s => (string)s!));
        }
        // Off, it holds no grant and no scope, and the others' grants are as they were but for the dead letters of its
        // flood impacts, which health and energy consume only where it runs.
        var with = Grants(ChartRenderer.Render());
        var without = Grants(ChartRenderer.RenderWith("services:\n  safety:\n    enabled: false\n"));
        Assert.Equal(with.Keys.Where(k => k != "jinan-citymesh-safety").Order(), without.Keys.Order());
        var floodImpacts = Topics.DeadLetter(Topics.DomainEvents("safety"));
        Assert.All(without, g => Assert.Equal(with[g.Key].Where(t => t != floodImpacts), g.Value));
        Assert.Equal(["jinan-citymesh-energy", "jinan-citymesh-health"], with.Where(g => g.Value.Contains(floodImpacts)).Select(g => g.Key).Order());
    }

    /// <summary>
    /// The chart against the safety module's source (skipped until services/CityMesh.Safety is merged): what it publishes
    /// (PublishAsync with a Topics name; a domain's events resolved through its const) and consumes (AddEventHandler or
    /// AddEventBatchHandler, as health; no WithTopic of its own) is what the grant above allows; its HTTP API is under
    /// /safety, where the Ingress routes; and every CityMesh:Safety setting the chart sets is a property of its
    /// settings (a key the module does not have stops the server at start).
    /// </summary>
    [ModuleFact("CityMesh.Safety")]
    public void Safety_may_publish_what_its_code_publishes_and_the_dead_letters_of_what_it_consumes()
    {
        var code = string.Concat(Directory.EnumerateFiles(Repository.Path("services/CityMesh.Safety"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)).Select(File.ReadAllText));
        var chart = ChartRenderer.Render();
        var grant = Grants(chart)["jinan-citymesh-safety"];

        string Topic(string expression)
        {
            var call = System.Text.RegularExpressions.Regex.Match(expression, @"^Topics\.(\w+)(?:\(\s*(.+?)\s*\))?$");
            Assert.True(call.Success, $"not a Topics name: {expression}");
            var argument = call.Groups[2].Value.Split('.')[^1]; // Domain, or SafetyModule.Domain
            var text = argument.StartsWith('"') ? argument.Trim('"')
                : System.Text.RegularExpressions.Regex.Match(code, $@"const string {System.Text.RegularExpressions.Regex.Escape(argument)} = ""([^""]+)"";").Groups[1].Value;
            return call.Groups[1].Value switch
            {
                nameof(Topics.ActionsProposed) => Topics.ActionsProposed,
                nameof(Topics.ActionsDecided) => Topics.ActionsDecided,
                nameof(Topics.TelemetryRaw) => Topics.TelemetryRaw,
                nameof(Topics.TwinChanged) => Topics.TwinChanged,
                nameof(Topics.ScenarioResults) => Topics.ScenarioResults,
                nameof(Topics.DomainEvents) => Topics.DomainEvents(text),
                var other => throw new Xunit.Sdk.XunitException($"unexpected topic expression {expression} ({other})"),
            };
        }

        // Published directly, and the flood alerts announced through DomainAnnouncements (on Topics.DomainEvents(domain)).
        var published = System.Text.RegularExpressions.Regex.Matches(code, @"PublishAsync\((Topics\.[A-Za-z]+(\([^)]*\))?)").Select(m => m.Groups[1].Value)
            .Concat(System.Text.RegularExpressions.Regex.Matches(code, @"DomainAnnouncements\.PublishThenNotifyAsync\(\w+, (\w+),").Select(m => $"Topics.DomainEvents({m.Groups[1].Value})"))
            .Select(Topic).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { Topics.ActionsProposed, Topics.DomainEvents("safety") }.Order(StringComparer.Ordinal), published);
        var consumed = System.Text.RegularExpressions.Regex.Matches(code, @"AddEvent(?:Batch)?Handler<\w+>\(([^,]+),")
            .Select(m => Topic(m.Groups[1].Value.Trim())).Distinct().ToArray();
        Assert.Equal([Topics.ActionsDecided], consumed);
        Assert.DoesNotMatch(@"WithTopic\(", code);
        Assert.Equal(published.Concat(consumed.Select(Topics.DeadLetter)).Order(StringComparer.Ordinal), grant.Order(StringComparer.Ordinal));

        // The Ingress sends /safety to it: its endpoints are there.
        Assert.Matches(@"MapGroup\(""/safety[/""]", code);
        // Each CityMesh__Safety__X the chart sets (a ConfigMap and a claim source too) is a setting of CityMesh:Safety.
        Assert.Contains("\"CityMesh:Safety\"", code, StringComparison.Ordinal);
        var settings = new[] { "{}\n", "services:\n  safety:\n    terrain:\n      existingClaim: dem\n      path: dem.tif\n      riverInflow:\n        latitude: 36.7\n        longitude: 116.95\n" }
            .SelectMany(values => Pods.Env(Pods.Containers(ChartRenderer.RenderWith(values).Single("Deployment", "jinan-citymesh-safety").Object["spec"]!["template"]!.AsObject()).Single()).Keys)
            .Where(k => k.StartsWith("CityMesh__Safety__", StringComparison.Ordinal)).Select(k => k["CityMesh__Safety__".Length..]).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["ForecastDirectory", "ForecastHours", "LeakWatchInterval", "RiverInflowLatitude", "RiverInflowLongitude", "TerrainCellSize", "TerrainFile", "WaterInterval", "WaterNetwork"], settings);
        foreach (var setting in settings)
            Assert.Matches($@"\b{setting}\s*\{{\s*get;", code);
    }

    [Fact]
    public void The_sidecar_retries_deliveries_longer_than_the_app_before_it_dead_letters()
    {
        var chart = ChartRenderer.Render();
        var resiliency = chart.OfKind("Resiliency").Single();
        var component = chart.OfKind("Component").Single();
        var maxRetries = (int)resiliency.Object["spec"]!["policies"]!["retries"]!["deliveries"]!["maxRetries"]!;
        Assert.Equal("deliveries", (string)resiliency.Object["spec"]!["targets"]!["components"]![component.Name]!["inbound"]!["retry"]!);
        foreach (var (_, pod) in chart.PodTemplates().Where(p => Pods.Annotation(p.Pod, "dapr.io/enabled") == "true"))
        {
            var attempts = int.Parse(Pods.Env(Pods.Containers(pod).Single())["CityMesh__Messaging__Dapr__MaxDeliveryAttempts"]);
            Assert.True(maxRetries >= attempts, $"sidecar maxRetries {maxRetries} < app MaxDeliveryAttempts {attempts}");
        }
    }

    [Fact]
    public void Kafka_credentials_are_secret_references_and_tls_is_on_when_asked()
    {
        var jinan = Cities.Render("jinan").OfKind("Component").Single();
        var metadata = jinan.Object["spec"]!["metadata"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => m!);
        Assert.Equal("password", (string)metadata["authType"]["value"]!);
        Assert.Equal("jinan-kafka-user", (string)metadata["saslPassword"]["secretKeyRef"]!["name"]!);
        Assert.Null(metadata["saslPassword"]["value"]);
        Assert.Equal("SHA-512", (string)metadata["saslMechanism"]["value"]!);
        Assert.Equal("jinan-cluster-ca-cert", (string)metadata["caCert"]["secretKeyRef"]!["name"]!);
        Assert.False(metadata.ContainsKey("disableTls"));
        Assert.Equal("{appID}", (string)metadata["consumerGroup"]["value"]!);

        var hangzhou = Cities.Render("hangzhou").OfKind("Component").Single();
        var mtls = hangzhou.Object["spec"]!["metadata"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => m!);
        Assert.Equal("mtls", (string)mtls["authType"]["value"]!);
        Assert.Equal("user.key", (string)mtls["clientKey"]["secretKeyRef"]!["key"]!);

        var plain = ChartRenderer.Render().OfKind("Component").Single();
        Assert.Contains(plain.Object["spec"]!["metadata"]!.AsArray(), m => (string)m!["name"]! == "disableTls" && (string)m["value"]! == "true");
    }

    [Fact]
    public void Tokens_are_taken_from_existing_secrets_by_annotation()
    {
        var chart = ChartRenderer.RenderWith("dapr:\n  apiTokenSecret: dapr-api-token\n  appTokenSecret: app-api-token\n");
        foreach (var (_, pod) in chart.PodTemplates().Where(p => Pods.Annotation(p.Pod, "dapr.io/enabled") == "true"))
        {
            Assert.Equal("dapr-api-token", Pods.Annotation(pod, "dapr.io/api-token-secret"));
            Assert.Equal("app-api-token", Pods.Annotation(pod, "dapr.io/app-token-secret"));
        }
    }

    [Fact]
    public void Tracing_goes_to_the_collector_named_in_values()
    {
        var configuration = ChartRenderer.RenderWith("dapr:\n  tracing:\n    otlpEndpoint: collector.otel:4317\n    samplingRate: \"1\"\n")
            .OfKind("Configuration").Single();
        Assert.Equal("collector.otel:4317", (string)configuration.Object["spec"]!["tracing"]!["otel"]!["endpointAddress"]!);
        Assert.Equal("1", (string)configuration.Object["spec"]!["tracing"]!["samplingRate"]!);
    }

    [Fact]
    public void With_direct_kafka_there_are_no_sidecars_and_librdkafka_gets_the_brokers_and_credentials()
    {
        var chart = ChartRenderer.RenderWith(
            "messaging:\n  transport: kafka\nkafka:\n  brokers: k:9093\n  authType: password\n  sasl:\n    existingSecret: ku\n  tls:\n    enabled: true\n    existingSecret: ca\n");
        Assert.Empty(chart.OfKind("Component"));
        foreach (var (owner, pod) in chart.PodTemplates().Where(p => p.Owner.Name != "jinan-citymesh-operator"))
        {
            Assert.Null(Pods.Annotation(pod, "dapr.io/enabled"));
            var env = Pods.Env(Pods.Containers(pod).Single());
            Assert.Equal("kafka", env["CityMesh__Messaging__Transport"]);
            Assert.Equal("k:9093", env["CityMesh__Messaging__Kafka__BootstrapServers"]);
            Assert.Equal("SASL_SSL", env["CityMesh__Messaging__Kafka__Librdkafka__security.protocol"]);
            Assert.Equal("secret:ku/password", env["CityMesh__Messaging__Kafka__Librdkafka__sasl.password"]);
            var caPath = env["CityMesh__Messaging__Kafka__Librdkafka__ssl.ca.location"];
            Assert.Contains(Pods.Containers(pod).Single()["volumeMounts"]!.AsArray(), m => caPath.StartsWith((string)m!["mountPath"]!, StringComparison.Ordinal));
        }
    }
}
