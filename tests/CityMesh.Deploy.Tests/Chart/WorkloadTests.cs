using System.Text.Json.Nodes;
using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Chart;

/// <summary>The Deployments the chart renders: one per enabled target, restricted, probed, budgeted.</summary>
public sealed class WorkloadTests
{
    private static readonly string[] DefaultTargets = ["twin", "governance", "transport", "health", "energy", "safety"];

    [Fact]
    public void Each_enabled_target_gets_a_deployment_and_service_from_the_server_image_and_no_other()
    {
        var chart = ChartRenderer.Render();
        var serverImage = "citymesh/citymesh-server:0.1.0";
        foreach (var target in DefaultTargets)
        {
            var deployment = chart.Single("Deployment", $"jinan-citymesh-{target}");
            var pod = deployment.Object["spec"]!["template"]!.AsObject();
            var container = Assert.Single(Pods.Containers(pod));
            Assert.Equal(serverImage, (string)container["image"]!);
            Assert.Equal(["--target", target], container["args"]!.AsArray().Select(a => (string)a!));

            var service = chart.Single("Service", $"jinan-citymesh-{target}");
            var selector = new JsonObject { ["matchLabels"] = service.Object["spec"]!["selector"]!.DeepClone() };
            Assert.True(Pods.Selects(selector, Pods.Labels(pod)), $"Service {service.Name} does not select the {target} pods");
            // The twin's gRPC port (CityMesh:Grpc:Port's default) is h2c, so proxies must not speak HTTP/1.1 to it.
            var ports = service.Object["spec"]!["ports"]!.AsArray().Select(p => ((string)p!["name"]!, (int)p["port"]!, (string?)p["appProtocol"]));
            Assert.Equal(target == "twin" ? new[] { ("http", 8080, (string?)null), ("grpc", 8081, "kubernetes.io/h2c") } : new[] { ("http", 8080, (string?)null) }, ports);
        }
        Assert.Equal(DefaultTargets.Select(t => $"jinan-citymesh-{t}").Append("jinan-citymesh-operator").Order(),
            chart.OfKind("Deployment").Select(d => d.Name).Order());

        var without = ChartRenderer.RenderWith("services:\n  transport:\n    enabled: false\n");
        Assert.DoesNotContain(without.OfKind("Deployment"), d => d.Name == "jinan-citymesh-transport");
        Assert.DoesNotContain(without.OfKind("Service"), d => d.Name == "jinan-citymesh-transport");
    }

    [Fact]
    public void Health_runs_as_its_own_dapr_app_with_probes_and_a_disruption_budget()
    {
        var chart = ChartRenderer.Render();
        var deployment = chart.Single("Deployment", "jinan-citymesh-health");
        var pod = deployment.Object["spec"]!["template"]!.AsObject();
        Assert.Equal("jinan-citymesh-health", Pods.Annotation(pod, "dapr.io/app-id"));
        Assert.Equal("true", Pods.Annotation(pod, "dapr.io/enabled"));
        var container = Pods.Containers(pod).Single();
        Assert.Equal("/healthz", (string)container["livenessProbe"]!["httpGet"]!["path"]!);
        Assert.Equal("/readyz", (string)container["readinessProbe"]!["httpGet"]!["path"]!);
        Assert.Equal("jinan-citymesh-services", (string)Pods.Spec(pod)["serviceAccountName"]!);
        Assert.False((bool)Pods.Spec(pod)["automountServiceAccountToken"]!);
        var budget = chart.Single("PodDisruptionBudget", "jinan-citymesh-health");
        Assert.True(Pods.Selects(budget.Object["spec"]!["selector"]!.AsObject(), Pods.Labels(pod)));
        // Its dispatch (proposals waiting on governance, the ambulances they hold) and capacity alerts live in its
        // process: like transport it runs one pod, never two side by side in a rollout, and may not be scaled out.
        Assert.Equal(1, (int)deployment.Object["spec"]!["replicas"]!);
        Assert.Equal("Recreate", (string)deployment.Object["spec"]!["strategy"]!["type"]!);
        Assert.DoesNotContain(chart.OfKind("HorizontalPodAutoscaler"), h => h.Name == "jinan-citymesh-health");
        Assert.Contains("health runs as one pod", ChartRenderer.FailureWith("services:\n  health:\n    enabled: true\n    autoscaling:\n      enabled: true\n"));
    }

    /// <summary>
    /// Dispatch asks transport's routing (POST /transport/routes) at CityMesh:TransportUrl: transport's Service, by the
    /// chart's names and its http port, set for health alone and only while transport runs. Without it, health would
    /// ask its own server, which has no routing outside --target all.
    /// </summary>
    [Fact]
    public void Health_is_told_transports_service_url_only_while_transport_runs()
    {
        var code = File.ReadAllText(Repository.Path("services/CityMesh.Health/Dispatch/TransportRoutes.cs"));
        var key = System.Text.RegularExpressions.Regex.Match(code, @"const string Key = ""([^""]+)"";").Groups[1].Value;
        Assert.Equal("CityMesh:TransportUrl", key);
        Assert.Contains("\"transport/routes\"", code, StringComparison.Ordinal);
        var variable = key.Replace(":", "__", StringComparison.Ordinal);
        static Dictionary<string, string> EnvOf(RenderedChart chart, string target) =>
            Pods.Env(Pods.Containers(chart.Single("Deployment", target).Object["spec"]!["template"]!.AsObject()).Single());

        foreach (var (release, ns) in new[] { ("jinan", "citymesh-jinan"), ("hangzhou", "citymesh-hangzhou") })
        {
            var chart = ChartRenderer.Render(release: release, ns: ns);
            var service = chart.Single("Service", $"{release}-citymesh-transport");
            var http = service.Object["spec"]!["ports"]!.AsArray().Single(p => (string)p!["name"]! == "http")!;
            var url = new Uri(EnvOf(chart, $"{release}-citymesh-health")[variable]);
            Assert.Equal(new Uri($"http://{service.Name}.{ns}.svc:{(int)http["port"]!}/"), url);
            foreach (var other in new[] { "twin", "governance", "transport" })
                Assert.DoesNotContain(variable, EnvOf(chart, $"{release}-citymesh-{other}").Keys);
        }

        var without = ChartRenderer.RenderWith("services:\n  transport:\n    enabled: false\n");
        Assert.DoesNotContain(variable, EnvOf(without, "jinan-citymesh-health").Keys);
        // The URL does not depend on the policies: with them off, health still gets it.
        var open = ChartRenderer.RenderWith("networkPolicy:\n  enabled: false\n");
        Assert.Equal("http://jinan-citymesh-transport.citymesh-jinan.svc:8080/", EnvOf(open, "jinan-citymesh-health")[variable]);
    }

    [Fact]
    public void Turning_health_off_removes_every_health_object()
    {
        var chart = ChartRenderer.RenderWith(
            "services:\n  health:\n    enabled: false\n    autoscaling:\n      enabled: true\ningress:\n  enabled: true\n  host: twin.example\n");
        Assert.DoesNotContain(chart.Manifests, m => m.Name.EndsWith("-health", StringComparison.Ordinal)
            || (string?)m.Object["metadata"]!["labels"]?["app.kubernetes.io/component"] == "health");
        // Nor does any object still name it: the pub/sub grants and scopes, the Ingress, the policies' selectors.
        Assert.All(chart.Manifests.Where(m => m.Kind != "CustomResourceDefinition"),
            m => Assert.DoesNotContain("health\"", m.Object.ToJsonString().Replace("/healthz\"", "", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.DoesNotContain("-health", chart.OfKind("Component").Single().Object.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("jinan-citymesh-health", chart.Notes, StringComparison.Ordinal);
        chart.Single("Deployment", "jinan-citymesh-transport");
    }

    private static JsonObject PodOf(RenderedChart chart, string deployment) =>
        chart.Single("Deployment", deployment).Object["spec"]!["template"]!.AsObject();

    /// <summary>The volume a container's file lies on: the mount whose path holds it, and the pod's volume of that name.</summary>
    private static (JsonObject Mount, JsonObject Volume, string Relative) VolumeHolding(JsonObject pod, string file)
    {
        var mount = Pods.Containers(pod).Single()["volumeMounts"]!.AsArray().Select(m => m!.AsObject())
            .Single(m => file.StartsWith((string)m["mountPath"]! + "/", StringComparison.Ordinal));
        var volume = Pods.Spec(pod)["volumes"]!.AsArray().Select(v => v!.AsObject()).Single(v => (string)v["name"]! == (string)mount["name"]!);
        return (mount, volume, file[((string)mount["mountPath"]!).Length..].TrimStart('/'));
    }

    [Fact]
    public void Safety_runs_as_its_own_dapr_app_with_probes_a_disruption_budget_and_one_pod()
    {
        var chart = ChartRenderer.Render();
        var deployment = chart.Single("Deployment", "jinan-citymesh-safety");
        var pod = PodOf(chart, "jinan-citymesh-safety");
        Assert.Equal("true", Pods.Annotation(pod, "dapr.io/enabled"));
        Assert.Equal("jinan-citymesh-safety", Pods.Annotation(pod, "dapr.io/app-id"));
        Assert.Equal("8080", Pods.Annotation(pod, "dapr.io/app-port"));
        var container = Pods.Containers(pod).Single();
        Assert.Equal(["--target", "safety"], container["args"]!.AsArray().Select(a => (string)a!));
        Assert.Equal([("http", 8080)], container["ports"]!.AsArray().Select(p => ((string)p!["name"]!, (int)p["containerPort"]!)));
        Assert.Equal("/healthz", (string)container["startupProbe"]!["httpGet"]!["path"]!);
        Assert.Equal("/healthz", (string)container["livenessProbe"]!["httpGet"]!["path"]!);
        Assert.Equal("/readyz", (string)container["readinessProbe"]!["httpGet"]!["path"]!);
        Assert.Equal("jinan-citymesh-services", (string)Pods.Spec(pod)["serviceAccountName"]!);
        Assert.False((bool)Pods.Spec(pod)["automountServiceAccountToken"]!);
        var budget = chart.Single("PodDisruptionBudget", "jinan-citymesh-safety");
        Assert.True(Pods.Selects(budget.Object["spec"]!["selector"]!.AsObject(), Pods.Labels(pod)));
        var service = chart.Single("Service", "jinan-citymesh-safety");
        Assert.True(Pods.Selects(new JsonObject { ["matchLabels"] = service.Object["spec"]!["selector"]!.DeepClone() }, Pods.Labels(pod)));
        Assert.Equal([("http", 8080)], service.Object["spec"]!["ports"]!.AsArray().Select(p => ((string)p!["name"]!, (int)p["port"]!)));
        // Its flood alerts live in its process: like health it runs one pod, never two side by side in a rollout, and
        // may not be scaled out, not even with PostgreSQL.
        Assert.Equal(1, (int)deployment.Object["spec"]!["replicas"]!);
        Assert.Equal("Recreate", (string)deployment.Object["spec"]!["strategy"]!["type"]!);
        Assert.DoesNotContain(chart.OfKind("HorizontalPodAutoscaler"), h => h.Name == "jinan-citymesh-safety");
        Assert.Contains("safety runs as one pod", ChartRenderer.FailureWith(
            "postgres:\n  existingSecret: pg\nservices:\n  safety:\n    enabled: true\n    autoscaling:\n      enabled: true\n"));
        Assert.Contains("services.safety.replicas", ChartRenderer.FailureWith("postgres:\n  existingSecret: pg\nserviceDefaults:\n  replicas: 2\nservices:\n"
            + "  transport:\n    enabled: true\n    replicas: 1\n  health:\n    enabled: true\n    replicas: 1\n  energy:\n    enabled: true\n    replicas: 1\n"));
    }

    [Fact]
    public void Energy_runs_one_pod_with_its_pace_and_its_roofs_setting()
    {
        var chart = ChartRenderer.Render();
        var deployment = chart.Single("Deployment", "jinan-citymesh-energy");
        var pod = PodOf(chart, "jinan-citymesh-energy");
        var env = Pods.Env(Pods.Containers(pod).Single());
        Assert.Equal(("00:00:30", "true"), (env["CityMesh__Energy__Interval"], env["CityMesh__Energy__SolarRoofs"]));
        Assert.True(Pods.Selects(chart.Single("PodDisruptionBudget", "jinan-citymesh-energy").Object["spec"]!["selector"]!.AsObject(), Pods.Labels(pod)));
        // Its violations and pending relief live in its process: one pod, replaced, never two side by side.
        Assert.Equal(1, (int)deployment.Object["spec"]!["replicas"]!);
        Assert.Equal("Recreate", (string)deployment.Object["spec"]!["strategy"]!["type"]!);
        Assert.Contains("energy runs as one pod", ChartRenderer.FailureWith("services:\n  energy:\n    replicas: 2\n"));

        var tuned = Pods.Env(Pods.Containers(PodOf(ChartRenderer.RenderWith("services:\n  energy:\n    interval: \"00:00:00\"\n    solarRoofs: false\n"),
            "jinan-citymesh-energy")).Single());
        Assert.Equal(("00:00:00", "false"), (tuned["CityMesh__Energy__Interval"], tuned["CityMesh__Energy__SolarRoofs"]));
        Assert.Contains("interval", ChartRenderer.FailureWith("services:\n  energy:\n    interval: \"00:00:00.5\"\n"));

        // Off by the values: no Deployment, Service or budget.
        var off = ChartRenderer.RenderWith("services:\n  energy:\n    enabled: false\n");
        Assert.DoesNotContain(off.OfKind("Deployment"), d => d.Name == "jinan-citymesh-energy");
        Assert.DoesNotContain(off.OfKind("PodDisruptionBudget"), d => d.Name == "jinan-citymesh-energy");
    }

    [Fact]
    public void Safety_writes_its_forecasts_to_an_empty_dir_and_without_a_terrain_source_generates_its_terrain()
    {
        var chart = ChartRenderer.Render();
        var pod = PodOf(chart, "jinan-citymesh-safety");
        var env = Pods.Env(Pods.Containers(pod).Single());
        Assert.Equal("3", env["CityMesh__Safety__ForecastHours"]);
        Assert.Equal("40", env["CityMesh__Safety__TerrainCellSize"]);
        // No terrain file: the service generates a seeded river valley over the twin's buildings.
        Assert.DoesNotContain("CityMesh__Safety__TerrainFile", env.Keys);
        Assert.Equal(["forecasts", "tmp"], Pods.Spec(pod)["volumes"]!.AsArray().Select(v => (string)v!["name"]!).Order());

        // The forecasts' directory is a writable emptyDir (the root is read-only) of the size the values give.
        var (mount, volume, relative) = VolumeHolding(pod, env["CityMesh__Safety__ForecastDirectory"] + "/forecast-1/depth.png");
        Assert.Equal("forecast-1/depth.png", relative);
        Assert.NotEqual(true, (bool?)mount["readOnly"]);
        Assert.Equal("1Gi", (string)volume["emptyDir"]!["sizeLimit"]!);
        Assert.NotEqual("/tmp", (string)mount["mountPath"]!);

        var tuned = ChartRenderer.RenderWith("services:\n  safety:\n    forecast:\n      hours: 6\n      storageLimit: 4Gi\n    terrain:\n      cellSize: 25\n");
        var tunedPod = PodOf(tuned, "jinan-citymesh-safety");
        var tunedEnv = Pods.Env(Pods.Containers(tunedPod).Single());
        Assert.Equal("6", tunedEnv["CityMesh__Safety__ForecastHours"]);
        Assert.Equal("25", tunedEnv["CityMesh__Safety__TerrainCellSize"]);
        Assert.Equal("4Gi", (string)VolumeHolding(tunedPod, tunedEnv["CityMesh__Safety__ForecastDirectory"] + "/x").Volume["emptyDir"]!["sizeLimit"]!);

        // The settings are safety's alone.
        foreach (var other in new[] { "twin", "governance", "transport", "health" })
        {
            var otherPod = PodOf(chart, $"jinan-citymesh-{other}");
            Assert.DoesNotContain(Pods.Env(Pods.Containers(otherPod).Single()).Keys, k => k.StartsWith("CityMesh__Safety__", StringComparison.Ordinal));
            Assert.DoesNotContain(Pods.Spec(otherPod)["volumes"]!.AsArray(), v => (string)v!["name"]! is "forecasts" or "terrain");
        }
    }

    [Fact]
    public void The_twin_seeds_the_utilitys_water_network_file_and_safety_keeps_that_network_live()
    {
        // Without a file: safety keeps the network generated under the streets, every minute.
        var plain = Pods.Env(Pods.Containers(PodOf(ChartRenderer.Render(), "jinan-citymesh-safety")).Single());
        Assert.Equal(("city", "00:01:00"), (plain["CityMesh__Safety__WaterNetwork"], plain["CityMesh__Safety__WaterInterval"]));
        Assert.Equal("00:01:00", plain["CityMesh__Safety__LeakWatchInterval"]);

        var chart = ChartRenderer.RenderWith("city:\n  seed:\n    enabled: true\n    roadNetwork:\n      configMap: jinan-roads\n      key: roadnet.json\n"
            + "    waterNetwork:\n      configMap: jinan-water\n      key: jinan-2026.inp\n      id: jinan2026\n      scale: 0.3048\n      origin:\n        latitude: 36.65\n        longitude: 117.01\n");
        var twin = PodOf(chart, "jinan-citymesh-twin");
        var env = Pods.Env(Pods.Containers(twin).Single());
        var (mount, volume, relative) = VolumeHolding(twin, env["CityMesh__City__WaterNetworkFile"]);
        Assert.Equal("jinan-2026.inp", relative);
        Assert.True((bool?)mount["readOnly"]);
        Assert.Equal("jinan-water", (string)volume["configMap"]!["name"]!);
        Assert.Equal(("jinan2026", "0.3048", "36.65", "117.01"), (env["CityMesh__City__WaterNetworkId"], env["CityMesh__City__WaterNetworkScale"],
            env["CityMesh__City__WaterNetworkLatitude"], env["CityMesh__City__WaterNetworkLongitude"]));
        var safety = Pods.Env(Pods.Containers(PodOf(chart, "jinan-citymesh-safety")).Single());
        Assert.Equal("jinan2026", safety["CityMesh__Safety__WaterNetwork"]);
        // The file is the twin's to seed: safety reads the network through the twin, and mounts nothing of it.
        Assert.DoesNotContain(Pods.Spec(PodOf(chart, "jinan-citymesh-safety"))["volumes"]!.AsArray(), v => (string)v!["name"]! == "water-network");

        // Off, or another network, by the values; the anchor places a file without an origin.
        var tuned = Pods.Env(Pods.Containers(PodOf(ChartRenderer.RenderWith("services:\n  safety:\n    water:\n      network: net3\n      interval: \"00:00:00\"\n"),
            "jinan-citymesh-safety")).Single());
        Assert.Equal(("net3", "00:00:00"), (tuned["CityMesh__Safety__WaterNetwork"], tuned["CityMesh__Safety__WaterInterval"]));

        // The leak watch's pace, off by the values; a half-second one is refused by the schema, as the service would refuse it.
        var watchOff = Pods.Env(Pods.Containers(PodOf(ChartRenderer.RenderWith("services:\n  safety:\n    water:\n      leakWatch: \"00:00:00\"\n"),
            "jinan-citymesh-safety")).Single());
        Assert.Equal("00:00:00", watchOff["CityMesh__Safety__LeakWatchInterval"]);
        Assert.Contains("leakWatch", ChartRenderer.FailureWith("services:\n  safety:\n    water:\n      leakWatch: \"00:00:00.5\"\n"));

        // Simulated meters play the network safety watches: the utility's when the twin seeds one.
        var simulated = Pods.Env(Pods.Containers(PodOf(ChartRenderer.RenderWith("telemetrySimulator:\n  enabled: true\ncity:\n  seed:\n    enabled: true\n    roadNetwork:\n      configMap: jinan-roads\n      key: roadnet.json\n"
            + "    waterNetwork:\n      configMap: jinan-water\n      key: jinan-2026.inp\n      id: jinan2026\n"), "jinan-citymesh-twin")).Single());
        Assert.Equal("jinan2026", simulated["CityMesh__Telemetry__WaterNetwork"]);
        var anchored = Pods.Env(Pods.Containers(PodOf(ChartRenderer.RenderWith("city:\n  seed:\n    enabled: true\n    roadNetwork:\n      configMap: jinan-roads\n"
            + "    waterNetwork:\n      configMap: jinan-water\n"), "jinan-citymesh-twin")).Single());
        Assert.DoesNotContain("CityMesh__City__WaterNetworkLatitude", anchored.Keys);
        Assert.Equal("utility", anchored["CityMesh__City__WaterNetworkId"]);

        // The schema refuses the generated network's id, a bad scale and an interval that is not a time span.
        Assert.Contains("id", ChartRenderer.FailureWith("city:\n  seed:\n    waterNetwork:\n      id: city\n"));
        Assert.Contains("scale", ChartRenderer.FailureWith("city:\n  seed:\n    waterNetwork:\n      scale: 0\n"));
        Assert.Contains("interval", ChartRenderer.FailureWith("services:\n  safety:\n    water:\n      interval: every minute\n"));
    }

    [Theory]
    [InlineData("dem.tif")]
    [InlineData("jinan-dem.asc")]
    [InlineData("Jinan_DEM.TIFF")]
    public void Safety_reads_its_terrain_from_a_config_map_mounted_read_only_under_the_keys_name(string key)
    {
        var chart = ChartRenderer.RenderWith($"services:\n  safety:\n    terrain:\n      configMap:\n        name: jinan-terrain\n        key: {key}\n      riverInflow:\n        latitude: 36.70\n        longitude: 116.95\n");
        var pod = PodOf(chart, "jinan-citymesh-safety");
        var terrainFile = Pods.Env(Pods.Containers(pod).Single())["CityMesh__Safety__TerrainFile"];
        var (mount, volume, relative) = VolumeHolding(pod, terrainFile);
        // The file is the key itself, so its extension (how the service tells ASCII grids from GeoTIFFs) is kept.
        Assert.Equal(key, relative);
        Assert.Equal(Path.GetExtension(key), Path.GetExtension(terrainFile));
        Assert.True((bool)mount["readOnly"]!);
        Assert.Equal("jinan-terrain", (string)volume["configMap"]!["name"]!);
        // The whole ConfigMap, not the one key: an ASCII grid's .prj, another key, lands beside it.
        Assert.Null(volume["configMap"]!["items"]);
        Assert.Null(volume["persistentVolumeClaim"]);
    }

    [Fact]
    public void Safety_reads_its_terrain_from_a_claim_mounted_read_only_at_the_path_given()
    {
        var chart = ChartRenderer.RenderWith("services:\n  safety:\n    terrain:\n      existingClaim: jinan-dem\n      path: jinan/2024/dem.tif\n      riverInflow:\n        latitude: 36.70\n        longitude: 116.95\n");
        var pod = PodOf(chart, "jinan-citymesh-safety");
        var env = Pods.Env(Pods.Containers(pod).Single());
        var terrainFile = env["CityMesh__Safety__TerrainFile"];
        // A DEM does not say where its river enters: the inflow point goes with the file.
        Assert.Equal(("36.7", "116.95"), (env["CityMesh__Safety__RiverInflowLatitude"], env["CityMesh__Safety__RiverInflowLongitude"]));
        var (mount, volume, relative) = VolumeHolding(pod, terrainFile);
        Assert.Equal("jinan/2024/dem.tif", relative);
        Assert.True((bool)mount["readOnly"]!);
        Assert.Equal("jinan-dem", (string)volume["persistentVolumeClaim"]!["claimName"]!);
        Assert.True((bool)volume["persistentVolumeClaim"]!["readOnly"]!);
        Assert.Null(volume["configMap"]);
        // The forecasts still go to their emptyDir, not to the claim.
        var forecasts = VolumeHolding(pod, Pods.Env(Pods.Containers(pod).Single())["CityMesh__Safety__ForecastDirectory"] + "/x").Volume;
        Assert.NotNull(forecasts["emptyDir"]);
    }

    [Theory]
    [InlineData("terrain:\n      configMap:\n        name: jinan-terrain\n        key: dem.tif\n      existingClaim: jinan-dem\n      path: dem.tif\n",
        new[] { "services.safety.terrain.configMap.name", "services.safety.terrain.existingClaim" })]
    [InlineData("terrain:\n      configMap:\n        name: jinan-terrain\n", new[] { "services.safety.terrain.configMap.key" })]
    [InlineData("terrain:\n      configMap:\n        key: dem.tif\n", new[] { "services.safety.terrain.configMap.name" })]
    [InlineData("terrain:\n      configMap:\n        name: jinan-terrain\n        key: null\n", new[] { "services.safety.terrain.configMap", "key is required" })]
    [InlineData("terrain:\n      configMap:\n        name: jinan-terrain\n        key: dem.png\n", new[] { "services.safety.terrain.configMap.key" })]
    [InlineData("terrain:\n      existingClaim: jinan-dem\n", new[] { "services.safety.terrain.path" })]
    [InlineData("terrain:\n      configMap:\n        name: jinan-terrain\n        key: dem.tif\n", new[] { "services.safety.terrain.riverInflow.latitude", "services.safety.terrain.riverInflow.longitude" })]
    [InlineData("terrain:\n      existingClaim: jinan-dem\n      path: dem.tif\n      riverInflow:\n        latitude: 36.7\n", new[] { "services.safety.terrain.riverInflow.longitude" })]
    [InlineData("terrain:\n      riverInflow:\n        latitude: 95\n        longitude: 117\n", new[] { "services.safety.terrain.riverInflow.latitude" })]
    [InlineData("terrain:\n      path: dem.tif\n", new[] { "services.safety.terrain.existingClaim" })]
    [InlineData("terrain:\n      existingClaim: jinan-dem\n      path: ../etc/dem.tif\n", new[] { "services.safety.terrain.path" })]
    [InlineData("terrain:\n      existingClaim: jinan-dem\n      path: /data/dem.tif\n", new[] { "services.safety.terrain.path" })]
    [InlineData("forecast:\n      hours: 0\n", new[] { "services.safety.forecast.hours" })]
    [InlineData("forecast:\n      storageLimit: lots\n", new[] { "services.safety.forecast.storageLimit" })]
    public void A_safety_terrain_or_forecast_setting_that_cannot_work_is_refused_naming_the_fields(string safety, string[] named)
    {
        var error = ChartRenderer.FailureWith("services:\n  safety:\n    " + safety);
        foreach (var field in named) Assert.Contains(field, error);
    }

    [Fact]
    public void Turning_safety_off_removes_every_safety_object()
    {
        var chart = ChartRenderer.RenderWith(
            "services:\n  safety:\n    enabled: false\n    terrain:\n      existingClaim: jinan-dem\n      path: dem.tif\n      riverInflow:\n        latitude: 36.7\n        longitude: 116.95\ningress:\n  enabled: true\n  host: twin.example\n");
        Assert.DoesNotContain(chart.Manifests, m => m.Name.EndsWith("-safety", StringComparison.Ordinal)
            || (string?)m.Object["metadata"]!["labels"]?["app.kubernetes.io/component"] == "safety");
        // Nor does any object still name it: the pub/sub grants and scopes, the Ingress, the policies' selectors.
        Assert.All(chart.Manifests.Where(m => m.Kind != "CustomResourceDefinition"),
            m => Assert.DoesNotContain("safety", m.Object.ToJsonString(), StringComparison.Ordinal));
        Assert.DoesNotContain("jinan-citymesh-safety", chart.Notes, StringComparison.Ordinal);
        chart.Single("Deployment", "jinan-citymesh-health");
    }

    [Fact]
    public void The_simulated_sensors_run_beside_the_twin_they_read_when_enabled()
    {
        var chart = ChartRenderer.RenderWith("telemetrySimulator:\n  enabled: true\n  timeAcceleration: 60\n");
        var twin = Assert.Single(Pods.Containers(chart.Single("Deployment", "jinan-citymesh-twin").Object["spec"]!["template"]!.AsObject()));
        Assert.Equal(["--target", "twin,sensors"], twin["args"]!.AsArray().Select(a => (string)a!));
        var env = twin["env"]!.AsArray().Where(e => e!["value"] is not null).ToDictionary(e => (string)e!["name"]!, e => (string)e!["value"]!);
        Assert.Equal("true", env["CityMesh__Telemetry__Enabled"]);
        Assert.Equal("60", env["CityMesh__Telemetry__TimeAcceleration"]);
        // Off (the default), the twin runs alone.
        var alone = Assert.Single(Pods.Containers(ChartRenderer.Render().Single("Deployment", "jinan-citymesh-twin").Object["spec"]!["template"]!.AsObject()));
        Assert.Equal(["--target", "twin"], alone["args"]!.AsArray().Select(a => (string)a!));
    }

    [Theory]
    [MemberData(nameof(Cities.All), MemberType = typeof(Cities))]
    public void Every_pod_meets_the_restricted_pod_security_standard_with_a_read_only_root(string city)
    {
        var chart = Cities.Render(city);
        var pods = chart.PodTemplates().ToArray();
        Assert.NotEmpty(pods);
        foreach (var (owner, pod) in pods)
        {
            var podSecurity = Pods.Spec(pod)["securityContext"]!;
            Assert.True((bool)podSecurity["runAsNonRoot"]!, $"{owner}: runAsNonRoot");
            Assert.Equal("RuntimeDefault", (string)podSecurity["seccompProfile"]!["type"]!);
            Assert.NotEqual(0, (int)podSecurity["runAsUser"]!);
            foreach (var container in Pods.Containers(pod))
            {
                var security = container["securityContext"]!;
                Assert.False((bool)security["allowPrivilegeEscalation"]!, $"{owner}: allowPrivilegeEscalation");
                Assert.True((bool)security["readOnlyRootFilesystem"]!, $"{owner}: readOnlyRootFilesystem");
                Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!));
                Assert.Null(security["capabilities"]!["add"]);
                Assert.Null(security["privileged"]);
                // A read-only root still needs somewhere to write temporary files.
                Assert.Contains(container["volumeMounts"]!.AsArray(), m => (string)m!["mountPath"]! == "/tmp");
                Assert.NotNull(container["resources"]?["requests"]?["memory"]);
                Assert.NotNull(container["resources"]?["limits"]?["memory"]);
            }
            Assert.Null(Pods.Spec(pod)["hostNetwork"]);
        }
    }

    [Fact]
    public void Services_are_probed_on_the_health_endpoints_the_server_maps()
    {
        // The host maps /healthz; /readyz is mapped by Readiness, which the host calls.
        var host = File.ReadAllText(Repository.Path("services/CityMesh.Server/CityMeshHost.cs"))
            + File.ReadAllText(Repository.Path("services/CityMesh.Server/Readiness.cs"));
        var chart = ChartRenderer.Render();
        foreach (var target in DefaultTargets)
        {
            var pod = chart.Single("Deployment", $"jinan-citymesh-{target}").Object["spec"]!["template"]!.AsObject();
            var container = Pods.Containers(pod).Single();
            var liveness = (string)container["livenessProbe"]!["httpGet"]!["path"]!;
            var readiness = (string)container["readinessProbe"]!["httpGet"]!["path"]!;
            Assert.Equal("/healthz", liveness);
            Assert.Equal("/readyz", readiness);
            Assert.Contains($"\"{liveness}\"", host);
            Assert.Contains($"\"{readiness}\"", host);
            Assert.NotNull(container["startupProbe"]);
            var ports = container["ports"]!.AsArray().Select(p => ((string)p!["name"]!, (int)p["containerPort"]!));
            Assert.Equal(target == "twin" ? new[] { ("http", 8080), ("grpc", 8081) } : new[] { ("http", 8080) }, ports);
        }
    }

    [Fact]
    public void Every_deployment_has_a_disruption_budget_selecting_its_pods()
    {
        var chart = Cities.Render("jinan");
        var budgets = chart.OfKind("PodDisruptionBudget").ToArray();
        foreach (var deployment in chart.OfKind("Deployment"))
        {
            var labels = Pods.Labels(deployment.Object["spec"]!["template"]!.AsObject());
            if (deployment.Name.EndsWith("-operator", StringComparison.Ordinal) && (int)deployment.Object["spec"]!["replicas"]! < 2) continue;
            Assert.Contains(budgets, b => Pods.Selects(b.Object["spec"]!["selector"]!.AsObject(), labels));
        }
    }

    [Fact]
    public void Autoscaling_makes_an_hpa_and_leaves_replicas_to_it()
    {
        var chart = Cities.Render("hangzhou");
        var hpa = chart.Single("HorizontalPodAutoscaler", "hangzhou-citymesh-governance");
        Assert.Equal("hangzhou-citymesh-governance", (string)hpa.Object["spec"]!["scaleTargetRef"]!["name"]!);
        Assert.Equal(2, (int)hpa.Object["spec"]!["minReplicas"]!);
        Assert.Equal(8, (int)hpa.Object["spec"]!["maxReplicas"]!);
        Assert.Null(chart.Single("Deployment", "hangzhou-citymesh-governance").Object["spec"]!["replicas"]);
        Assert.Equal(1, (int)chart.Single("Deployment", "hangzhou-citymesh-twin").Object["spec"]!["replicas"]!);
        Assert.DoesNotContain(chart.OfKind("HorizontalPodAutoscaler"), h => h.Name.EndsWith("-transport", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("services:\n  transport:\n    enabled: true\n    replicas: 2\n", "services.transport.replicas")]
    [InlineData("services:\n  transport:\n    enabled: true\n    autoscaling:\n      enabled: true\n", "services.transport.autoscaling.enabled")]
    [InlineData("services:\n  health:\n    enabled: true\n    replicas: 2\n", "services.health.replicas")]
    [InlineData("services:\n  safety:\n    enabled: true\n    replicas: 2\n", "services.safety.replicas")]
    [InlineData("serviceDefaults:\n  autoscaling:\n    enabled: true\npostgres:\n  existingSecret: pg\nservices:\n  transport:\n    enabled: false\n", "services.health.autoscaling.enabled")]
    [InlineData("services:\n  twin:\n    enabled: true\n    replicas: 3\n", "services.twin.replicas")]
    [InlineData("postgres:\n  existingSecret: pg\nserviceDefaults:\n  autoscaling:\n    enabled: true\n    minReplicas: 5\n    maxReplicas: 2\nservices:\n  transport:\n    enabled: false\n", "minReplicas")]
    [InlineData("postgres:\n  existingSecret: pg\ntelemetrySimulator:\n  enabled: true\nservices:\n  twin:\n    enabled: true\n    replicas: 2\n", "telemetrySimulator.enabled runs the simulated sensors in the twin pod")]
    [InlineData("city:\n  seed:\n    enabled: true\n", "city.seed.roadNetwork.configMap")]
    [InlineData("kafka:\n  authType: password\nmessaging:\n  transport: kafka\n", "kafka.sasl.existingSecret")]
    [InlineData("ingress:\n  enabled: true\n", "ingress.host")]
    [InlineData("access:\n  jwt:\n    enabled: true\n    audience: a\n    signingKeySecret: s\n", "access.jwt.issuer")]
    public void Settings_that_would_run_but_misbehave_are_refused_naming_the_value(string values, string named)
    {
        var error = ChartRenderer.FailureWith(values);
        Assert.Contains(named, error);
    }

    [Fact]
    public void Stores_use_postgres_from_the_secret_when_one_is_named_and_memory_otherwise()
    {
        var chart = Cities.Render("jinan");
        var twin = Pods.Env(Pods.Containers(chart.Single("Deployment", "jinan-citymesh-twin").Object["spec"]!["template"]!.AsObject()).Single());
        Assert.Equal("postgres", twin["CityMesh__Twin__Store"]);
        Assert.Equal("secret:jinan-postgres/connectionString", twin["CityMesh__Twin__ConnectionString"]);
        var governance = Pods.Env(Pods.Containers(chart.Single("Deployment", "jinan-citymesh-governance").Object["spec"]!["template"]!.AsObject()).Single());
        Assert.Equal("postgres", governance["CityMesh__Governance__Store"]);
        Assert.Equal("postgres", governance["CityMesh__Governance__Audit__Store"]);
        Assert.Equal("secret:jinan-postgres/connectionString", governance["CityMesh__Governance__Audit__ConnectionString"]);

        var defaults = ChartRenderer.Render();
        var memoryTwin = Pods.Env(Pods.Containers(defaults.Single("Deployment", "jinan-citymesh-twin").Object["spec"]!["template"]!.AsObject()).Single());
        Assert.False(memoryTwin.ContainsKey("CityMesh__Twin__Store"));
        Assert.Contains("in memory", defaults.Notes);
    }

    [Fact]
    public void The_twin_is_seeded_from_the_mounted_road_network_and_the_others_find_it_by_its_service()
    {
        var chart = Cities.Render("hangzhou");
        var twinPod = chart.Single("Deployment", "hangzhou-citymesh-twin").Object["spec"]!["template"]!.AsObject();
        var twin = Pods.Containers(twinPod).Single();
        var env = Pods.Env(twin);
        Assert.Equal("true", env["CityMesh__City__Enabled"]);
        var roadNetwork = env["CityMesh__City__RoadNetwork"];
        var mount = twin["volumeMounts"]!.AsArray().Single(m => roadNetwork.StartsWith((string)m!["mountPath"]! + "/", StringComparison.Ordinal))!;
        var volume = Pods.Spec(twinPod)["volumes"]!.AsArray().Single(v => (string)v!["name"]! == (string)mount["name"]!)!;
        Assert.Equal("hangzhou-roads", (string)volume["configMap"]!["name"]!);
        Assert.EndsWith("/roadnet.json", roadNetwork);
        Assert.Equal("Hangzhou", env["CityMesh__City__Name"]);

        var twinService = chart.Single("Service", "hangzhou-citymesh-twin");
        var port = (int)twinService.Object["spec"]!["ports"]![0]!["port"]!;
        var grpcPort = (int)twinService.Object["spec"]!["ports"]!.AsArray().Single(p => (string?)p!["name"] == "grpc")!["port"]!;
        foreach (var target in new[] { "governance", "transport" })
        {
            var other = Pods.Env(Pods.Containers(chart.Single("Deployment", $"hangzhou-citymesh-{target}").Object["spec"]!["template"]!.AsObject()).Single());
            Assert.Equal($"http://{twinService.Name}.citymesh-hangzhou.svc:{port}", other["CityMesh__TwinUrl"]);
            // The other targets read the twin through its read API, on the Service's gRPC port.
            Assert.Equal($"http://{twinService.Name}.citymesh-hangzhou.svc:{grpcPort}", other["CityMesh__TwinGrpcUrl"]);
            Assert.Equal("Hangzhou", other["CityMesh__City__Name"]);
        }
        // Scenario workers too: the operator hands them the read API's address.
        var operatorPod = chart.Single("Deployment", "hangzhou-citymesh-operator").Object["spec"]!["template"]!.AsObject();
        Assert.Contains($"--Operator:TwinUrl=http://{twinService.Name}.citymesh-hangzhou.svc:{grpcPort}",
            Pods.Containers(operatorPod).Single()["args"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public void Api_keys_and_signing_keys_come_from_secrets_never_from_values()
    {
        var chart = Cities.Render("hangzhou");
        var env = Pods.Env(Pods.Containers(chart.Single("Deployment", "hangzhou-citymesh-governance").Object["spec"]!["template"]!.AsObject()).Single());
        Assert.Equal("secret:hangzhou-api-keys/operators", env["CityMesh__Access__ApiKeys__0__Key"]);
        Assert.Equal("operator", env["CityMesh__Access__ApiKeys__0__Role"]);
        Assert.Equal("secret:hangzhou-jwt/signingKey", env["CityMesh__Access__Jwt__SigningKey"]);
        // The only Secrets the chart writes are the ones it generates and keeps; API and signing keys stay in the city's.
        Assert.Equal(["hangzhou-citymesh-audit-keys", "hangzhou-citymesh-dapr-api-token", "hangzhou-citymesh-dapr-app-token", "hangzhou-citymesh-service-key"],
            chart.OfKind("Secret").Select(s => s.Name).Order());
    }

    [Fact]
    public void Resource_names_fit_kubernetes_limits_even_for_a_long_release_name()
    {
        var chart = ChartRenderer.Render(release: "a-city-with-a-rather-long-release-name-indeed");
        foreach (var manifest in chart.Manifests.Where(m => m.Kind != "CustomResourceDefinition"))
        {
            Assert.True(manifest.Name.Length <= 63, $"{manifest} is longer than 63 characters");
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", manifest.Name);
        }
    }

    [Fact]
    public void Every_resource_carries_the_standard_labels()
    {
        foreach (var manifest in Cities.Render("jinan").Manifests.Where(m => m.Kind != "CustomResourceDefinition"))
        {
            var labels = manifest.Object["metadata"]!["labels"]?.AsObject();
            Assert.True(labels is not null, $"{manifest} has no labels");
            foreach (var key in new[] { "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by", "helm.sh/chart" })
                Assert.True(labels!.ContainsKey(key), $"{manifest} lacks {key}");
            Assert.Equal("jinan", (string)labels!["app.kubernetes.io/instance"]!);
        }
    }
}
