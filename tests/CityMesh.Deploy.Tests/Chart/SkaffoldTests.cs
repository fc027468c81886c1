using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Chart;

/// <summary>
/// skaffold.yaml builds the images the chart runs and deploys a city's values. Skaffold is not installed here, so
/// its two template steps are applied as skaffold documents them: environment templates ({{ default "jinan" .CITY }})
/// and setValueTemplates with IMAGE_REPO_/IMAGE_TAG_/IMAGE_DIGEST_ of each artifact (name with '-' and '/' as '_').
/// </summary>
public sealed partial class SkaffoldTests
{
    private static JsonObject Config() => YamlJson.Load(Repository.Path("skaffold.yaml"))!.AsObject();

    private static JsonObject Release(JsonObject config) => config["deploy"]!["helm"]!["releases"]!.AsArray().Single()!.AsObject();

    [Fact]
    public void It_is_a_current_v4_config_building_each_image_from_an_existing_dockerfile_stage()
    {
        var config = Config();
        Assert.Matches("^skaffold/v4beta(1[1-9]|[2-9][0-9])$", (string)config["apiVersion"]!);
        Assert.Equal("Config", (string)config["kind"]!);
        var artifacts = config["build"]!["artifacts"]!.AsArray();
        Assert.Equal(["citymesh-operator", "citymesh-server", "citymesh-worker"], artifacts.Select(a => (string)a!["image"]!).Order());
        foreach (var artifact in artifacts)
        {
            Assert.Equal(".", (string)artifact!["context"]!);
            var dockerfile = Repository.Path((string)artifact["docker"]!["dockerfile"]!);
            Assert.True(File.Exists(dockerfile), $"{dockerfile} does not exist");
            if ((string?)artifact["docker"]!["target"] is { } target)
                Assert.Matches(new Regex($@"(?im)^FROM\s+\S+\s+AS\s+{Regex.Escape(target)}\s*$"), File.ReadAllText(dockerfile));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Every_image_the_chart_runs_is_one_skaffold_builds(string? profile)
    {
        var config = Profiled(Config(), profile);
        var built = config["build"]!["artifacts"]!.AsArray().Select(a => (string)a!["image"]!).ToHashSet();
        foreach (var city in Cities.Names())
        {
            var chart = RenderAsSkaffold(config, city);
            var images = ImagesIn(chart).ToArray();
            Assert.NotEmpty(images);
            foreach (var image in images)
            {
                var repository = image.Split('@')[0].Split(':')[0];
                Assert.True(built.Contains(repository.Replace("registry.example/", "")), $"{image} is not built by skaffold ({string.Join(", ", built)})");
                Assert.Contains("@sha256:", image);
            }
        }
    }

    [Fact]
    public void Set_value_templates_name_settings_the_chart_has()
    {
        var values = YamlJson.Load(Path.Combine(Repository.Chart, "values.yaml"))!;
        foreach (var profile in new string?[] { null, "cpu", "gpu" })
        {
            var release = Release(Profiled(Config(), profile));
            var keys = (release["setValueTemplates"]?.AsObject().Select(kv => kv.Key) ?? [])
                .Concat(release["setValues"]?.AsObject().Select(kv => kv.Key) ?? []);
            foreach (var key in keys)
            {
                var node = key.Split('.').Aggregate((JsonNode?)values, (n, part) => n?[part]);
                Assert.True(node is not null, $"profile {profile ?? "default"} sets {key}, which values.yaml does not have");
            }
        }
    }

    [Fact]
    public void The_cpu_profile_requests_no_gpu_and_the_gpu_profile_does()
    {
        var cpu = RenderAsSkaffold(Profiled(Config(), "cpu"), "jinan");
        var operatorArgs = string.Join(' ', OperatorContainer(cpu)["args"]!.AsArray().Select(a => (string)a!));
        Assert.DoesNotContain("nvidia.com/gpu", operatorArgs);
        Assert.Contains("--Operator:GpuEnabled=false", operatorArgs);

        var gpu = RenderAsSkaffold(Profiled(Config(), "gpu"), "jinan");
        var gpuArgs = string.Join(' ', OperatorContainer(gpu)["args"]!.AsArray().Select(a => (string)a!));
        Assert.Contains("nvidia.com/gpu", gpuArgs);
        Assert.DoesNotContain("--Operator:GpuEnabled=false", gpuArgs);
    }

    [Fact]
    public void The_dashboard_port_forward_names_the_twin_service_of_the_deployed_city()
    {
        var config = Config();
        var forward = config["portForward"]!.AsArray().Single()!;
        foreach (var city in Cities.Names())
        {
            var chart = RenderAsSkaffold(config, city);
            var service = chart.Single("Service", Env((string)forward["resourceName"]!, city));
            Assert.Equal((long)forward["port"]!, (long)service.Object["spec"]!["ports"]![0]!["port"]!);
            Assert.Equal(Env((string)Release(config)["namespace"]!, city), Env((string)forward["namespace"]!, city));
        }
        Assert.Equal("jinan-citymesh-twin", Env((string)forward["resourceName"]!, null));
    }

    private static JsonObject OperatorContainer(RenderedChart chart) =>
        Pods.Containers(chart.OfKind("Deployment").Single(d => d.Name.EndsWith("-operator", StringComparison.Ordinal)).Object["spec"]!["template"]!.AsObject()).Single();

    /// <summary>Images in pod specs, and the worker image the operator hands to its Jobs.</summary>
    private static IEnumerable<string> ImagesIn(RenderedChart chart)
    {
        foreach (var (_, pod) in chart.PodTemplates())
            foreach (var container in Pods.Containers(pod))
            {
                yield return (string)container["image"]!;
                foreach (var arg in container["args"]?.AsArray() ?? [])
                    if (arg!.GetValue<string>() is var text && text.StartsWith("--Operator:Image=", StringComparison.Ordinal))
                        yield return text["--Operator:Image=".Length..];
                foreach (var (name, value) in Pods.Env(container))
                    if (name == "Operator__Image") yield return value;
            }
    }

    /// <summary>Renders the chart as skaffold would deploy it for a city: its values file, then the set values.</summary>
    private static RenderedChart RenderAsSkaffold(JsonObject config, string city)
    {
        var release = Release(config);
        var valuesFiles = release["valuesFiles"]!.AsArray().Select(v => Repository.Path(Env(v!.GetValue<string>(), city))).ToList();
        Assert.All(valuesFiles, f => Assert.True(File.Exists(f), $"{f} does not exist"));
        var artifacts = config["build"]!["artifacts"]!.AsArray().Select(a => (string)a!["image"]!).ToArray();
        var overrides = new JsonObject();
        foreach (var (key, value) in release["setValueTemplates"]?.AsObject() ?? [])
            Set(overrides, key, JsonValue.Create(Images((string)value!, artifacts)));
        foreach (var (key, value) in release["setValues"]?.AsObject() ?? [])
            Set(overrides, key, value!.DeepClone());
        var file = Path.Combine(Path.GetTempPath(), $"citymesh-skaffold-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, overrides.ToJsonString()); // JSON is YAML
        try { return ChartRenderer.Render([.. valuesFiles, file], Env((string)release["name"]!, city), Env((string)release["namespace"]!, city)); }
        finally { File.Delete(file); }
    }

    private static void Set(JsonObject root, string dottedKey, JsonNode? value)
    {
        var parts = dottedKey.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node[part] ??= new JsonObject();
            node = node[part]!.AsObject();
        }
        node[parts[^1]] = value;
    }

    /// <summary>skaffold's image template values for a build pushed to registry.example with tag "dev".</summary>
    private static string Images(string template, string[] artifacts) =>
        ImageTemplate().Replace(template, m =>
        {
            var artifact = artifacts.Single(a => Regex.Replace(a, "[^A-Za-z0-9]", "_") == m.Groups["artifact"].Value);
            return m.Groups["what"].Value switch
            {
                "REPO" => "registry.example/" + artifact,
                "TAG" => "dev",
                _ => "sha256:" + new string('0', 64),
            };
        });

    /// <summary>skaffold's environment templates in these fields: the CITY variable with its default.</summary>
    private static string Env(string template, string? city) =>
        EnvTemplate().Replace(template, m => city ?? m.Groups["default"].Value);

    private static JsonObject Profiled(JsonObject config, string? profile)
    {
        if (profile is null) return config;
        var patches = config["profiles"]!.AsArray().Single(p => (string)p!["name"]! == profile)!["patches"]!.AsArray();
        var patched = config.DeepClone().AsObject();
        foreach (var patch in patches)
        {
            var path = ((string)patch!["path"]!).TrimStart('/').Split('/');
            var parent = path[..^1].Aggregate((JsonNode)patched, (n, part) => n is JsonArray a ? a[int.Parse(part)]! : n[part]!);
            var last = path[^1];
            switch ((string)patch["op"]!)
            {
                case "remove" when parent is JsonArray array: array.RemoveAt(int.Parse(last)); break;
                case "remove": Assert.True(parent.AsObject().Remove(last), $"{patch["path"]} does not exist"); break;
                case "replace": Assert.NotNull(parent[last]); parent[last] = patch["value"]!.DeepClone(); break;
                case "add": parent[last] = patch["value"]!.DeepClone(); break;
                default: throw new InvalidOperationException("unsupported patch op " + patch["op"]);
            }
        }
        return patched;
    }

    [GeneratedRegex(@"\{\{\s*\.IMAGE_(?<what>REPO|TAG|DIGEST)_(?<artifact>[A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex ImageTemplate();

    [GeneratedRegex(@"\{\{\s*default\s+""(?<default>[^""]+)""\s+\.CITY\s*\}\}")]
    private static partial Regex EnvTemplate();
}
