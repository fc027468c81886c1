using System.Text.RegularExpressions;

namespace CityMesh.Scenarios.Validation;

/// <summary>Kubernetes' name rules (apimachinery validation.IsDNS1123Label / IsDNS1123Subdomain / IsConfigMapKey).</summary>
public static partial class KubeNames
{
    public const string DnsLabelPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public const string DnsSubdomainPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    // IsConfigMapKey is [-._a-zA-Z0-9]+, but not "." or ".." and not starting with "..", which a volume mount would
    // read as a way out of its folder; written without look-ahead, which the API server's RE2 patterns lack.
    public const string ConfigMapKeyPattern = "^\\.?[-_a-zA-Z0-9][-._a-zA-Z0-9]*$";
    public const int DnsLabelMaxLength = 63, DnsSubdomainMaxLength = 253;

    /// <summary>
    /// A TwinScenario's name becomes its Jobs' names (name + "-" + a generation/attempt suffix), and a Job's name is
    /// copied into the pods' job-name label, which holds 63 characters; 52 (CronJob's limit, for the same reason)
    /// leaves 11 for the suffix.
    /// </summary>
    public const int ScenarioNameMaxLength = 52;

    public static bool IsDnsLabel(string value) => value.Length <= DnsLabelMaxLength && DnsLabel().IsMatch(value);

    public static bool IsDnsSubdomain(string value) => value.Length <= DnsSubdomainMaxLength && DnsSubdomain().IsMatch(value);

    public static bool IsConfigMapKey(string value) => value.Length <= DnsSubdomainMaxLength && ConfigMapKey().IsMatch(value);

    [GeneratedRegex(DnsLabelPattern)]
    private static partial Regex DnsLabel();

    [GeneratedRegex(DnsSubdomainPattern)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(ConfigMapKeyPattern)]
    private static partial Regex ConfigMapKey();
}
