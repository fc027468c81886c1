using System.Text.Json.Nodes;
using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Chart;

/// <summary>values.schema.json: the examples pass it, and it refuses what a typo or a wrong type would otherwise hide.</summary>
public sealed class ValuesSchemaTests
{
    [Fact]
    public void There_are_example_values_for_at_least_two_cities() =>
        Assert.True(Cities.Names().Count() >= 2, "examples/cities/ should show per-city replication with two or more cities");

    [Theory]
    [MemberData(nameof(Cities.All), MemberType = typeof(Cities))]
    public void Each_example_city_validates_and_renders_as_its_own_city(string city)
    {
        var chart = Cities.Render(city);

        var twin = chart.Single("Deployment", $"{city}-citymesh-twin");
        Assert.Equal(city, (string)twin.Object["metadata"]!["labels"]!["citymesh.io/city"]!);
        // Both cities run the health service beside transport, and the safety service.
        Assert.Equal(["--target", "health"], Pods.Containers(chart.Single("Deployment", $"{city}-citymesh-health").Object["spec"]!["template"]!.AsObject())
            .Single()["args"]!.AsArray().Select(a => (string)a!));
        var safety = Pods.Containers(chart.Single("Deployment", $"{city}-citymesh-safety").Object["spec"]!["template"]!.AsObject()).Single();
        Assert.Equal(["--target", "safety"], safety["args"]!.AsArray().Select(a => (string)a!));
        // Neither ships a DEM: safety generates its terrain (no terrain file, no terrain volume).
        Assert.DoesNotContain("CityMesh__Safety__TerrainFile", Pods.Env(safety).Keys);
        Assert.DoesNotContain(safety["volumeMounts"]!.AsArray(), m => (string)m!["name"]! == "terrain");
        // Every name carries the release, so two cities can share a namespace (the CRD is the cluster's, shared).
        Assert.All(chart.Manifests.Where(m => m.Kind != "CustomResourceDefinition"), m => Assert.StartsWith(city + "-", m.Name));
    }

    [Fact]
    public void The_defaults_render_on_their_own() =>
        Assert.NotEmpty(ChartRenderer.Render().OfKind("Deployment"));

    [Theory]
    [InlineData("serviceDefaults:\n  replicaz: 2\n", "replicaz")]
    [InlineData("services:\n  twin:\n    enabled: true\n    memory: 1Gi\n", "memory")]
    [InlineData("citymesh:\n  name: x\n", "citymesh")]
    public void An_unknown_key_is_refused_by_name(string values, string key)
    {
        var error = ChartRenderer.FailureWith(values);
        Assert.Contains("Additional property " + key + " is not allowed", error);
    }

    [Theory]
    [InlineData("serviceDefaults:\n  replicas: two\n", "serviceDefaults.replicas")]
    [InlineData("messaging:\n  transport: nats\n", "messaging.transport")]
    [InlineData("kafka:\n  authType: kerberos\n", "kafka.authType")]
    [InlineData("city:\n  seed:\n    anchor:\n      latitude: 136.6\n", "city.seed.anchor.latitude")]
    [InlineData("city:\n  utcOffset: \"8h\"\n", "city.utcOffset")]
    [InlineData("dapr:\n  maxDeliveryRetries: 2\n", "dapr.maxDeliveryRetries")]
    [InlineData("transport:\n  forecasting:\n    trainingDays: 90\n", "transport.forecasting.trainingDays")]
    [InlineData("services:\n  energy:\n    interval: \"30s\"\n", "services.energy.interval")]
    [InlineData("services:\n  energy:\n    solarRoofs: \"yes\"\n", "services.energy.solarRoofs")]
    [InlineData("services:\n  safety:\n    enabled: \"yes\"\n", "services.safety.enabled")]
    [InlineData("services:\n  health:\n    enabled: \"yes\"\n", "services.health.enabled")]
    [InlineData("images:\n  server:\n    pullPolicy: Sometimes\n", "images.server.pullPolicy")]
    [InlineData("access:\n  apiKeys:\n    - name: ops\n      role: mayor\n      existingSecret: keys\n      secretKey: ops\n", "access.apiKeys.0.role")]
    public void A_mistyped_or_out_of_range_value_is_refused_naming_the_field(string values, string field)
    {
        var error = ChartRenderer.FailureWith(values);
        Assert.Contains(field, error);
    }

    /// <summary>
    /// Conditions (if, then, else) name properties only to test or constrain their values in an object defined, and
    /// closed, beside them; they define no object of their own, so they are not walked.
    /// </summary>
    [Fact]
    public void Every_object_in_the_schema_refuses_unknown_keys()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Chart, "values.schema.json")))!;
        var lax = new List<string>();
        Walk(schema, "$");
        Assert.True(lax.Count == 0, "objects with properties but without additionalProperties: false: " + string.Join(", ", lax));

        void Walk(JsonNode? node, string at)
        {
            if (node is JsonObject obj)
            {
                if (obj["properties"] is JsonObject && obj["additionalProperties"]?.GetValue<bool>() != false) lax.Add(at);
                foreach (var (key, child) in obj)
                    if (key is not ("if" or "then" or "else")) Walk(child, at + "." + key);
            }
            else if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++) Walk(array[i], $"{at}[{i}]");
            }
        }
    }

    [Fact]
    public void Every_required_setting_in_the_schema_has_a_default_in_values_yaml()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Chart, "values.schema.json")))!.AsObject();
        var values = YamlJson.Load(Path.Combine(Repository.Chart, "values.yaml"))!.AsObject();
        var missing = new List<string>();
        Walk(schema, values, "");
        Assert.True(missing.Count == 0, "in the schema but not in values.yaml: " + string.Join(", ", missing));

        void Walk(JsonObject schemaNode, JsonObject valuesNode, string at)
        {
            schemaNode = Resolve(schema, schemaNode);
            if (schemaNode["properties"] is not JsonObject properties) return;
            var required = schemaNode["required"]?.AsArray().Select(r => (string)r!).ToHashSet() ?? [];
            foreach (var (key, child) in properties)
            {
                if (!valuesNode.ContainsKey(key) && required.Contains(key))
                {
                    // services.<target> entries hold only what differs from serviceDefaults.
                    if (!at.StartsWith("services.", StringComparison.Ordinal)) missing.Add(at + key);
                    continue;
                }
                if (!valuesNode.ContainsKey(key)) continue;
                if (valuesNode[key] is JsonObject nested) Walk(child!.AsObject(), nested, at + key + ".");
            }
        }
    }

    [Fact]
    public void Every_setting_in_values_yaml_has_a_comment()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Chart, "values.schema.json")))!.AsObject();
        var lines = File.ReadAllLines(Path.Combine(Repository.Chart, "values.yaml"));
        var path = new List<(int Indent, string Key)>();
        var uncommented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith('-')) continue;
            var colon = trimmed.IndexOf(':');
            if (colon <= 0) continue;
            var indent = line.Length - trimmed.Length;
            while (path.Count > 0 && path[^1].Indent >= indent) path.RemoveAt(path.Count - 1);
            path.Add((indent, trimmed[..colon]));
            // Only the chart's own settings: keys the schema names (not the contents of free-form maps and lists).
            if (!NamedBySchema(schema, path.Select(p => p.Key).ToArray())) continue;
            var previous = i > 0 ? lines[i - 1].TrimStart() : "";
            if (!previous.StartsWith('#')) uncommented.Add($"line {i + 1}: {string.Join('.', path.Select(p => p.Key))}");
        }
        Assert.True(uncommented.Count == 0, "settings without a comment above them:\n" + string.Join('\n', uncommented));
    }

    private static bool NamedBySchema(JsonObject schema, string[] keys)
    {
        JsonObject node = schema;
        foreach (var key in keys)
        {
            node = Resolve(schema, node);
            if (node["properties"]?[key] is not JsonObject next) return false;
            node = next;
        }
        return true;
    }

    private static JsonObject Resolve(JsonObject schema, JsonObject node)
    {
        while (node["$ref"] is JsonValue reference)
        {
            var path = ((string)reference!).TrimStart('#', '/').Split('/');
            node = path.Aggregate((JsonNode)schema, (n, part) => n[part]!).AsObject();
        }
        return node;
    }
}
