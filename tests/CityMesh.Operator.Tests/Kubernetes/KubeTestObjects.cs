using System.Text.Json.Nodes;

namespace CityMesh.Operator.Tests.Kubernetes;

/// <summary>Small objects for client tests.</summary>
internal static class KubeTestObjects
{
    public static JsonObject Scenario(string name, string ns = "city", int replicas = 1, Dictionary<string, string>? labels = null)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null) meta["labels"] = new JsonObject(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        return new JsonObject
        {
            ["apiVersion"] = "citymesh.io/v1alpha1",
            ["kind"] = "TwinScenario",
            ["metadata"] = meta,
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        };
    }

    /// <summary>A token that ends a stuck test instead of hanging the run.</summary>
    public static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    public static string Rv(JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();

    public static long Generation(JsonObject obj) => obj["metadata"]!["generation"]!.GetValue<long>();

    public static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    /// <summary>Poll until the condition holds; fails after a generous limit (no timing is asserted).</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
