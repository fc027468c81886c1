using CityMesh.Limits.Settings;

namespace CityMesh.Limits.Tests.Settings;

/// <summary>A settings class with every shape the modules' settings have: values, a nested section, a list, a dictionary.</summary>
public sealed record ExampleSettings : ISettings<ExampleSettings>
{
    public const string Section = "CityMesh:Example";

    static string ISettings<ExampleSettings>.Section => Section;

    /// <summary>As <c>CityMesh:Transport:Routing</c> sits under <c>CityMesh:Transport</c>.</summary>
    static IReadOnlyList<string> ISettings<ExampleSettings>.ReadElsewhere => ["Routing"];

    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);
    public int Count { get; init; } = 3;
    public int? Seed { get; init; }
    public ExampleLevel Level { get; init; } = ExampleLevel.Low;
    public string Name { get; init; } = "jinan";
    public ExampleItem Nested { get; init; } = new();
    public IReadOnlyList<ExampleItem> Items { get; init; } = [];
    public Dictionary<string, ExampleItem> ByName { get; init; } = [];

    /// <summary>Computed, so not a setting: a key of that name is refused rather than silently ignored.</summary>
    public string Upper => Name.ToUpperInvariant();

    public ExampleSettings Validated()
    {
        if (Delay <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:Delay must be positive, was {Delay}");
        return this;
    }
}

public enum ExampleLevel { Low, High }

public sealed record ExampleItem
{
    public string Id { get; init; } = "";
    public double Weight { get; init; } = 1;
}
