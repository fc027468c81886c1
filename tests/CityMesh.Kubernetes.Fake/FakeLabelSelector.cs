using System.Text.Json.Nodes;

namespace CityMesh.Kubernetes.Fake;

/// <summary>
/// Equality-based label selectors: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c> (exists) and <c>!k</c>, joined by
/// commas (all must hold). Set-based forms (<c>in</c>, <c>notin</c>) are not modelled and are rejected with 400.
/// </summary>
internal sealed class FakeLabelSelector
{
    private readonly List<Func<JsonObject?, bool>> _terms = [];

    private FakeLabelSelector() { }

    public static FakeLabelSelector? Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return null;
        var result = new FakeLabelSelector();
        foreach (var raw in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Contains(" in ", StringComparison.Ordinal) || raw.Contains(" notin ", StringComparison.Ordinal) || raw.Contains('('))
                throw FakeStatusException.BadRequest($"unable to parse requirement: set-based selector '{raw}' is not modelled by the fake");
            if (raw.Split("!=") is [var nk, var nv]) result._terms.Add(l => Label(l, nk) != nv);
            else if (raw.Split("==") is [var ek, var ev]) result._terms.Add(l => Label(l, ek) == ev);
            else if (raw.Split('=') is [var k, var v]) result._terms.Add(l => Label(l, k) == v);
            else if (raw.StartsWith('!')) result._terms.Add(l => Label(l, raw[1..]) is null);
            else result._terms.Add(l => Label(l, raw) is not null);
        }
        return result;
    }

    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        return _terms.All(t => t(labels));
    }

    private static string? Label(JsonObject? labels, string key) => labels?[key.Trim()]?.GetValue<string>();
}
