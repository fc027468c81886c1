using System.Text.Json.Nodes;
using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Operator;

/// <summary>
/// Kubernetes RBAC over the rendered chart, for one service account: the rules of every RoleBinding naming it (in
/// the binding's namespace only, whether it refers to a Role or a ClusterRole) and of every ClusterRoleBinding naming
/// it (everywhere, cluster scope included). A request is allowed when one rule matches its API group, resource (with
/// subresource), verb and, where the rule lists resourceNames, its object name. Which rule verbs were needed is kept,
/// so a privilege nothing used shows up.
/// </summary>
internal sealed class RbacAuthorizer
{
    /// <summary>One rule as granted: where it applies (null: everywhere) and which role it came from.</summary>
    public sealed record Grant(string Role, int Index, string? Namespace, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] Verbs)
    {
        public bool Allows(ApiAccess a) =>
            (Namespace is null || Namespace == a.Namespace)
            && (ApiGroups.Contains("*") || ApiGroups.Contains(a.Group))
            && (Resources.Contains("*") || Resources.Contains(a.Resource))
            && (Verbs.Contains("*") || Verbs.Contains(a.Verb))
            && (ResourceNames.Length == 0 || (a.Name is not null && ResourceNames.Contains(a.Name)));

        public override string ToString() =>
            $"{Role} rule {Index} ({string.Join(",", ApiGroups.Select(g => g.Length == 0 ? "core" : g))} {string.Join(",", Resources)}" +
            $"{(ResourceNames.Length > 0 ? " named " + string.Join(",", ResourceNames) : "")} in {Namespace ?? "all namespaces"})";
    }

    private readonly HashSet<(Grant Grant, string Verb)> _used = [];

    public RbacAuthorizer(RenderedChart chart, string serviceAccount, string serviceAccountNamespace)
    {
        bool Names(Manifest binding) => binding.Object["subjects"]!.AsArray().Any(s =>
            (string?)s!["kind"] == "ServiceAccount" && (string?)s["name"] == serviceAccount && (string?)s["namespace"] == serviceAccountNamespace);

        var grants = new List<Grant>();
        foreach (var binding in chart.OfKind("RoleBinding").Where(Names))
        {
            string ns = Namespace(binding) ?? throw new Xunit.Sdk.XunitException($"{binding} has no namespace");
            var roleRef = binding.Object["roleRef"]!;
            var role = (string)roleRef["kind"]! == "Role"
                ? chart.OfKind("Role").SingleOrDefault(r => r.Name == (string)roleRef["name"]! && Namespace(r) == ns)
                : chart.OfKind("ClusterRole").SingleOrDefault(r => r.Name == (string)roleRef["name"]!);
            grants.AddRange(Rules(role ?? throw new Xunit.Sdk.XunitException($"{binding} refers to a role the chart does not render"), ns));
        }
        foreach (var binding in chart.OfKind("ClusterRoleBinding").Where(Names))
        {
            var roleRef = binding.Object["roleRef"]!;
            Assert.Equal("ClusterRole", (string?)roleRef["kind"]);
            var role = chart.OfKind("ClusterRole").SingleOrDefault(r => r.Name == (string)roleRef["name"]!)
                ?? throw new Xunit.Sdk.XunitException($"{binding} refers to a ClusterRole the chart does not render");
            grants.AddRange(Rules(role, null));
        }
        Grants = grants;
    }

    public IReadOnlyList<Grant> Grants { get; }

    /// <summary>Whether RBAC allows it; every matching rule's verb counts as used.</summary>
    public bool Allows(ApiAccess access)
    {
        var matching = Grants.Where(g => g.Allows(access)).ToList();
        foreach (var g in matching) _used.Add((g, access.Verb));
        return matching.Count > 0;
    }

    /// <summary>Granted (rule, verb) pairs no allowed request needed.</summary>
    public IEnumerable<string> Unused() =>
        from g in Grants
        from verb in g.Verbs
        where !_used.Contains((g, verb))
        select $"{verb} on {g}";

    private static string? Namespace(Manifest m) => (string?)m.Object["metadata"]!["namespace"];

    private static IEnumerable<Grant> Rules(Manifest role, string? ns) =>
        role.Object["rules"]!.AsArray().Select((rule, i) => new Grant($"{role.Kind}/{role.Name}", i, ns,
            Strings(rule!["apiGroups"]), Strings(rule["resources"]), Strings(rule["resourceNames"]), Strings(rule["verbs"])));

    private static string[] Strings(JsonNode? node) => node?.AsArray().Select(n => (string)n!).ToArray() ?? [];
}
