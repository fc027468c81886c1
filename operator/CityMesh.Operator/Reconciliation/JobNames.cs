using System.Security.Cryptography;
using System.Text;

namespace CityMesh.Operator.Reconciliation;

/// <summary>
/// Deterministic names and label values. A restart recomputes the same Job name for a generation, so it finds the
/// Job it created before (create answers 409 AlreadyExists) instead of making a second one.
/// </summary>
public static class JobNames
{
    /// <summary>Job names end up in the pods' job-name label, so they follow the 63-character label limit.</summary>
    public const int MaxLength = 63;

    public static string SimulationJob(string scenario, long generation, bool cpuFallback) =>
        WithSuffix(scenario, FormattableString.Invariant($"-g{generation}") + (cpuFallback ? "-cpu" : ""));

    public static string CleanupJob(string scenario) => WithSuffix(scenario, "-cleanup");

    /// <summary>A label value for the scenario name: the name itself when it fits, else a hashed shortening.</summary>
    public static string LabelValue(string name) => WithSuffix(name, "");

    /// <summary><paramref name="name"/> + <paramref name="suffix"/>, shortened with a hash of the whole when too long.</summary>
    public static string WithSuffix(string name, string suffix)
    {
        string full = name + suffix;
        if (full.Length <= MaxLength) return full;
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..8];
        int keep = MaxLength - suffix.Length - hash.Length - 1;
        // Names must start and end alphanumeric; a cut can leave a '-' or '.' at the end.
        string head = name[..keep].TrimEnd('-', '.');
        return $"{head}-{hash}{suffix}";
    }
}
