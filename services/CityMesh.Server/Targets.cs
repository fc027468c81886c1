namespace CityMesh.Server;

/// <summary>
/// The targets one binary can run (ARCHITECTURE.md, "One binary, many targets"). <c>all</c> means every service
/// target whose module this build has; batch targets (the worker) run only when named.
/// </summary>
public static class Targets
{
    public const string All = "all";

    /// <summary>Every target the design names, in start order.</summary>
    public static readonly IReadOnlyList<string> Known = ["twin", "sensors", "governance", "transport", "health", "energy", "safety", "worker"];

    /// <summary>Parses <c>--target</c> (comma lists allowed) into the modules to start.</summary>
    /// <exception cref="TargetException">An unknown target, or one without a module in this build.</exception>
    public static IReadOnlyList<ServiceModule> Resolve(string? targetList, IReadOnlyList<ServiceModule> available)
    {
        var names = (targetList ?? All).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new TargetException("--target is empty; use all or a comma list of " + string.Join(", ", Known));
        var chosen = new List<ServiceModule>();
        foreach (var name in names.Select(n => n.ToLowerInvariant()))
        {
            if (name == All)
            {
                chosen.AddRange(available.Where(m => !m.Batch));
                continue;
            }
            if (!Known.Contains(name))
                throw new TargetException($"unknown target '{name}'; targets are all, {string.Join(", ", Known)}");
            var module = available.FirstOrDefault(m => m.Target == name)
                ?? throw new TargetException(
                    $"target '{name}' has no module in this build yet; available: {string.Join(", ", available.Select(m => m.Target))}");
            chosen.Add(module);
        }
        return chosen.Distinct().OrderBy(m => Known.ToList().IndexOf(m.Target)).ToArray();
    }
}

/// <summary>A bad <c>--target</c>; the message says what is available.</summary>
public sealed class TargetException(string message) : Exception(message);
