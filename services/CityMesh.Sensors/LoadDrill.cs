namespace CityMesh.Sensors;

/// <summary>
/// Extra load the simulated grid meters are told to see, for drills: each target (a Substation, a Feeder or a
/// BusbarSection, by entity id) draws <c>factor</c> times what it would (a heat wave's air conditioning on a feeder),
/// until the drill is ended. Factors of nested targets multiply.
/// </summary>
public sealed record LoadDrill(IReadOnlyDictionary<string, double> Factors)
{
    public const double MaxFactor = 10;

    /// <summary>The factor on a meter that is, or is under, any of <paramref name="ids"/>: 1 where none is drilled.</summary>
    public double FactorFor(params string?[] ids)
    {
        var factor = 1.0;
        foreach (var id in ids)
            if (id is not null && Factors.TryGetValue(id, out var f)) factor *= f;
        return factor;
    }

    /// <summary>This drill with <paramref name="target"/> at <paramref name="factor"/> too (replacing its earlier factor).</summary>
    public LoadDrill With(string target, double factor) =>
        new(new Dictionary<string, double>(Factors, StringComparer.Ordinal) { [target] = factor });
}
