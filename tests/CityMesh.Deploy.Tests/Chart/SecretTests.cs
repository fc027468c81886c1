using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CityMesh.Deploy.Tests.Operator;
using CityMesh.Deploy.Tests.Support;
using CityMesh.Operator.Reconciliation;
using TestScenarios = CityMesh.Operator.Tests.Controller.Scenarios;

namespace CityMesh.Deploy.Tests.Chart;

/// <summary>
/// Credentials reach pods only from Kubernetes Secrets: secretKeyRef or files mounted from a Secret, never a value in a
/// Deployment, a Job or values.yaml. The Secrets are the ones values name, or ones the chart creates once and keeps.
/// </summary>
public sealed partial class SecretTests
{
    private const string Fullname = "jinan-citymesh";

    /// <summary>Values that name an existing Secret for everything the chart could otherwise create.</summary>
    private const string ExistingSecrets = """
        serviceKey:
          existingSecret: city-service-key
          secretKey: key
        dapr:
          apiTokenSecret: city-dapr-api
          appTokenSecret: city-dapr-app
        audit:
          keySecret: city-audit-keys
        access:
          apiKeys:
            - name: operators
              role: operator
              existingSecret: city-api-keys
              secretKey: operators
            - name: sensors
              role: data-provider
              existingSecret: city-api-keys
              secretKey: sensors-sha256
              sha256: true
          jwt:
            enabled: true
            issuer: https://sso.example
            audience: citymesh
            signingKeySecret: city-jwt
            signingKeyKey: signingKey
            roleClaim: role
        postgres:
          existingSecret: city-postgres
        """;

    private const string DirectKafka = """
        messaging:
          transport: kafka
        kafka:
          authType: mtls
          tls:
            enabled: true
            existingSecret: city-kafka-tls
        """;

    public static TheoryData<string, string> Renders() => new()
    {
        { "defaults", "" },
        { "existing secrets", ExistingSecrets },
        { "direct kafka", DirectKafka },
        { "jinan example", File.ReadAllText(Cities.ValuesFile("jinan")) },
        { "hangzhou example", File.ReadAllText(Cities.ValuesFile("hangzhou")) },
    };

    [Theory]
    [MemberData(nameof(Renders))]
    public void No_credential_setting_is_a_literal_value_in_any_pod_or_worker_job(string what, string values)
    {
        var chart = Render(values);
        var pods = chart.PodTemplates().Select(p => (p.Owner.ToString(), p.Pod)).ToList();
        pods.Add(("the operator's scenario Job", WorkerJobPod(chart)));
        var credentials = 0;
        foreach (var (owner, pod) in pods)
        {
            var secretVolumes = Pods.Spec(pod)["volumes"]?.AsArray().Where(v => v!["secret"] is not null).Select(v => (string)v!["name"]!).ToHashSet() ?? [];
            foreach (var container in Pods.Containers(pod))
            {
                var secretMounts = container["volumeMounts"]?.AsArray().Where(m => secretVolumes.Contains((string)m!["name"]!))
                    .Select(m => (string)m!["mountPath"]!).ToArray() ?? [];
                foreach (var env in container["env"]?.AsArray().Select(e => e!.AsObject()) ?? [])
                {
                    var name = (string)env["name"]!;
                    if (!NamesACredential(name)) continue;
                    credentials++;
                    var at = $"{what}: {owner}, {container["name"]}, {name}";
                    if (env["valueFrom"]?["secretKeyRef"] is JsonObject reference)
                    {
                        Assert.False(string.IsNullOrEmpty((string?)reference["name"]), at + " refers to a Secret without a name");
                        continue;
                    }
                    // A file setting (…KeyFile, ssl.key.location) holds a path, which must lie in a mounted Secret.
                    var value = (string?)env["value"];
                    Assert.True(value is not null && IsFileSetting(name), $"{at} is neither a secretKeyRef nor a file: {env.ToJsonString()}");
                    Assert.True(secretMounts.Any(m => value!.StartsWith(m + "/", StringComparison.Ordinal)),
                        $"{at} = {value} is not in a volume mounted from a Secret ({string.Join(", ", secretMounts)})");
                }
            }
        }
        Assert.True(credentials > 0, "no credential settings found: the check would pass vacuously");
    }

    [Theory]
    [MemberData(nameof(Renders))]
    public void No_value_of_a_secret_the_chart_creates_appears_outside_it(string what, string values)
    {
        var chart = Render(values);
        var secretValues = chart.OfKind("Secret")
            .SelectMany(s => s.Object["data"]!.AsObject().Select(d => Encoding.UTF8.GetString(Convert.FromBase64String((string)d.Value!))))
            .ToArray();
        foreach (var manifest in chart.Manifests.Where(m => m.Kind != "Secret"))
        {
            var text = manifest.Object.ToJsonString();
            Assert.All(secretValues, v => Assert.False(text.Contains(v, StringComparison.Ordinal), $"{what}: {manifest} holds a generated secret"));
        }
    }

    [Fact]
    public void By_default_every_service_gets_the_service_key_and_the_dapr_tokens_from_secrets_the_chart_keeps()
    {
        var chart = ChartRenderer.Render();
        var services = ServiceDeployments(chart);
        Assert.Equal(6, services.Count); // twin, governance, transport, health, energy, safety
        foreach (var (owner, pod) in services)
        {
            var env = Pods.Env(Pods.Containers(pod).Single());
            Assert.Equal($"secret:{Fullname}-service-key/serviceKey", env["CityMesh__Access__ServiceKey"]);
            Assert.Equal($"secret:{Fullname}-dapr-app-token/token", env["CityMesh__Messaging__Dapr__AppApiToken"]);
            Assert.Equal($"secret:{Fullname}-dapr-api-token/token", env["CityMesh__Messaging__Dapr__ApiToken"]);
            // The sidecar reads the same Secrets, so app and sidecar agree on both tokens.
            Assert.Equal($"{Fullname}-dapr-app-token", Pods.Annotation(pod, "dapr.io/app-token-secret"));
            Assert.Equal($"{Fullname}-dapr-api-token", Pods.Annotation(pod, "dapr.io/api-token-secret"));
        }

        var serviceKey = KeptSecret(chart, $"{Fullname}-service-key");
        Assert.True(Encoding.UTF8.GetByteCount(Decoded(serviceKey, "serviceKey")) >= 32, "the service key must be at least 32 bytes");
        Assert.NotEqual(Decoded(KeptSecret(chart, $"{Fullname}-dapr-app-token"), "token"), Decoded(KeptSecret(chart, $"{Fullname}-dapr-api-token"), "token"));
        Assert.True(Decoded(KeptSecret(chart, $"{Fullname}-dapr-app-token"), "token").Length >= 32);

        var audit = KeptSecret(chart, $"{Fullname}-audit-keys");
        Assert.True(Convert.FromBase64String(Decoded(audit, "mac-key")).Length >= 32, "the audit MAC key must be base64 of at least 32 bytes");
        using var signing = ECDsa.Create();
        signing.ImportFromPem(Decoded(audit, "checkpoint-key.pem"));
        Assert.Equal(256, signing.KeySize);
        Assert.Equal(4, chart.OfKind("Secret").Count());
    }

    [Fact]
    public void Secrets_named_in_values_are_used_and_the_chart_creates_none()
    {
        var chart = ChartRenderer.RenderWith(ExistingSecrets);
        Assert.Empty(chart.OfKind("Secret"));
        foreach (var (owner, pod) in ServiceDeployments(chart))
        {
            var env = Pods.Env(Pods.Containers(pod).Single());
            Assert.Equal("secret:city-service-key/key", env["CityMesh__Access__ServiceKey"]);
            Assert.Equal("secret:city-dapr-app/token", env["CityMesh__Messaging__Dapr__AppApiToken"]);
            Assert.Equal("secret:city-dapr-api/token", env["CityMesh__Messaging__Dapr__ApiToken"]);
            Assert.Equal("city-dapr-app", Pods.Annotation(pod, "dapr.io/app-token-secret"));
            Assert.Equal("city-dapr-api", Pods.Annotation(pod, "dapr.io/api-token-secret"));
            Assert.Equal("secret:city-api-keys/operators", env["CityMesh__Access__ApiKeys__0__Key"]);
            Assert.Equal("data-provider", env["CityMesh__Access__ApiKeys__1__Role"]);
            Assert.Equal("secret:city-api-keys/sensors-sha256", env["CityMesh__Access__ApiKeys__1__KeySha256"]);
            Assert.False(env.ContainsKey("CityMesh__Access__ApiKeys__1__Key"));
            Assert.Equal("secret:city-jwt/signingKey", env["CityMesh__Access__Jwt__SigningKey"]);
        }
        var governance = Pods.Spec(GovernancePod(chart))["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "audit-keys")!;
        Assert.Equal("city-audit-keys", (string?)governance["secret"]!["secretName"]);

        var job = Pods.Env(Pods.Containers(WorkerJobPod(chart)).Single());
        Assert.Equal("secret:city-service-key/key", job[ScenarioJobs.ServiceKeyEnv]);
    }

    [Fact]
    public void Tenants_are_declared_on_the_twin_and_a_tenants_key_names_its_tenant()
    {
        var values = ExistingSecrets.Replace("access:\n  apiKeys:\n",
            "access:\n  apiKeys:\n    - {name: water-ops, role: operator, existingSecret: water-keys, secretKey: ops, tenant: water-utility}\n");
        var chart = ChartRenderer.RenderWith(values + "\nservices:\n  twin:\n    tenants: [water-utility, north-district]\n");
        var twin = Pods.Env(Pods.Containers(ServiceDeployments(chart).Single(d => d.Owner.Name == $"{Fullname}-twin").Pod).Single());
        Assert.Equal("water-utility", twin["CityMesh__Twin__Tenants__0"]);
        Assert.Equal("north-district", twin["CityMesh__Twin__Tenants__1"]);
        Assert.Equal("water-utility", twin["CityMesh__Access__ApiKeys__0__Tenant"]);
        Assert.Equal("secret:water-keys/ops", twin["CityMesh__Access__ApiKeys__0__Key"]);
        Assert.False(twin.ContainsKey("CityMesh__Access__ApiKeys__1__Tenant"));
        Assert.False(Pods.Env(Pods.Containers(GovernancePod(chart)).Single()).ContainsKey("CityMesh__Twin__Tenants__0"));
    }

    [Fact]
    public void Scenario_jobs_get_the_service_key_from_its_secret()
    {
        var chart = OperatorChart.Render();
        var options = OperatorChart.Options(chart);
        Assert.Equal($"{Fullname}-service-key", options.ServiceKeySecret);
        var env = Pods.Env(Pods.Containers(WorkerJobPod(chart)).Single());
        Assert.Equal($"secret:{Fullname}-service-key/serviceKey", env["CityMesh__Access__ServiceKey"]);
    }

    [Fact]
    public void Governance_reads_the_audit_key_files_from_the_settings_values_name()
    {
        var chart = ChartRenderer.RenderWith("audit:\n  files:\n    checkpointKey:\n      setting: CityMesh:Governance:Audit:Checkpoints:SigningKeyFile\n");
        var pod = GovernancePod(chart);
        var container = Pods.Containers(pod).Single();
        var env = Pods.Env(container);
        Assert.Equal("/var/run/secrets/citymesh/audit/mac-key", env["CityMesh__Governance__Audit__KeyFile"]);
        Assert.Equal("/var/run/secrets/citymesh/audit/checkpoint-key.pem", env["CityMesh__Governance__Audit__Checkpoints__SigningKeyFile"]);
        Assert.False(env.ContainsKey("CityMesh__Governance__Audit__CheckpointKeyFile"));
        var mount = container["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == "audit-keys")!;
        Assert.Equal("/var/run/secrets/citymesh/audit", (string?)mount["mountPath"]);
        Assert.True((bool)mount["readOnly"]!);
        var volume = Pods.Spec(pod)["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "audit-keys")!["secret"]!;
        Assert.Equal($"{Fullname}-audit-keys", (string?)volume["secretName"]);
        Assert.Equal(["checkpoint-key.pem", "mac-key"], volume["items"]!.AsArray().Select(i => (string)i!["path"]!).Order());
        // Only governance holds the audit keys.
        Assert.All(ServiceDeployments(chart).Where(d => d.Owner.Name != $"{Fullname}-governance"),
            d => Assert.DoesNotContain(Pods.Spec(d.Pod)["volumes"]!.AsArray(), v => (string?)v!["name"] == "audit-keys"));
    }

    [Fact]
    public void Generated_secrets_are_kept_across_upgrades_and_uninstalls()
    {
        foreach (var secret in ChartRenderer.Render().OfKind("Secret"))
        {
            Assert.Equal("keep", (string?)secret.Object["metadata"]!["annotations"]!["helm.sh/resource-policy"]);
            Assert.Equal("Opaque", (string?)secret.Object["type"]);
        }
        // The template reuses what the cluster holds: each key's value is looked up before one is generated.
        var template = File.ReadAllText(Path.Combine(Repository.Chart, "templates", "secrets", "_names.tpl"));
        Assert.Contains("lookup \"v1\" \"Secret\"", template);
    }

    [Fact]
    public void Without_dapr_there_are_no_dapr_tokens()
    {
        var chart = ChartRenderer.RenderWith(DirectKafka);
        Assert.DoesNotContain(chart.OfKind("Secret"), s => s.Name.Contains("dapr", StringComparison.Ordinal));
        foreach (var (_, pod) in ServiceDeployments(chart))
        {
            var env = Pods.Env(Pods.Containers(pod).Single());
            Assert.DoesNotContain(env.Keys, k => k.StartsWith("CityMesh__Messaging__Dapr__", StringComparison.Ordinal));
            Assert.Equal($"secret:{Fullname}-service-key/serviceKey", env["CityMesh__Access__ServiceKey"]);
        }
    }

    /// <summary>
    /// Decided: no API key, signing key, service key or token may be written into values. The schema has no field for
    /// one, so a plain key is refused by name before anything renders.
    /// </summary>
    [Theory]
    [InlineData("access:\n  apiKeys:\n    - name: ops\n      role: operator\n      key: 0123456789abcdef0123\n", "key")]
    [InlineData("access:\n  apiKeys:\n    - name: ops\n      role: operator\n      existingSecret: keys\n      secretKey: ops\n      value: 0123456789abcdef0123\n", "value")]
    [InlineData("access:\n  jwt:\n    signingKey: 0123456789abcdef0123456789abcdef\n", "signingKey")]
    [InlineData("serviceKey:\n  value: 0123456789abcdef0123456789abcdef\n", "value")]
    [InlineData("dapr:\n  appToken: 0123456789abcdef\n", "appToken")]
    public void A_plain_credential_in_values_is_refused(string values, string key)
    {
        var error = ChartRenderer.FailureWith(values);
        Assert.Contains("Additional property " + key + " is not allowed", error);
    }

    [Fact]
    public void An_api_key_without_its_secret_is_refused()
    {
        var error = ChartRenderer.FailureWith("access:\n  apiKeys:\n    - name: ops\n      role: operator\n");
        Assert.Contains("existingSecret", error);
    }

    private static RenderedChart Render(string values) => values.Length == 0 ? ChartRenderer.Render() : ChartRenderer.RenderWith(values);

    /// <summary>A setting whose own name (the last segment) says it is a credential: ApiKeys__0__Name is not, Jwt__SigningKey is.</summary>
    private static bool NamesACredential(string envName) => CredentialWord().IsMatch(envName.Split("__")[^1]);

    private static bool IsFileSetting(string envName)
    {
        var setting = envName.Split("__")[^1];
        return setting.EndsWith("File", StringComparison.Ordinal) || setting.EndsWith(".location", StringComparison.Ordinal);
    }

    [GeneratedRegex("key|token|secret|password", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialWord();

    private static List<(Manifest Owner, JsonObject Pod)> ServiceDeployments(RenderedChart chart) =>
        [.. chart.PodTemplates().Where(p => p.Owner.Kind == "Deployment" && p.Owner.Name != OperatorChart.Component)];

    private static JsonObject GovernancePod(RenderedChart chart) =>
        ServiceDeployments(chart).Single(d => d.Owner.Name == $"{Fullname}-governance").Pod;

    /// <summary>The pod of the Job the operator builds with the settings this chart hands it.</summary>
    private static JsonObject WorkerJobPod(RenderedChart chart) =>
        ScenarioJobs.Simulation(TestScenarios.Valid(), cpuFallback: false, OperatorChart.Options(chart), DateTimeOffset.UnixEpoch)["spec"]!["template"]!.AsObject();

    private static Manifest KeptSecret(RenderedChart chart, string name)
    {
        var secret = chart.Single("Secret", name);
        Assert.Equal("keep", (string?)secret.Object["metadata"]!["annotations"]!["helm.sh/resource-policy"]);
        return secret;
    }

    private static string Decoded(Manifest secret, string key) =>
        Encoding.UTF8.GetString(Convert.FromBase64String((string)secret.Object["data"]![key]!));
}
