namespace CityMesh.Simulation.Air.Index;

/// <summary>A pollutant's mean over its index averaging time and the band it falls in.</summary>
public sealed record AirPollutantBand(string Pollutant, double Value, int AveragingHours, int Band);

/// <summary>
/// A station's index: the worst band over the pollutants it has means for (the usual rule: the index is as bad as
/// its worst pollutant), that band's messages, and each pollutant's band. <see cref="Dominant"/> drove the band.
/// </summary>
public sealed record AirIndexReading(int Band, AirBand Definition, AirPollutantBand Dominant, IReadOnlyList<AirPollutantBand> Pollutants)
{
    public string Name => Definition.Name;
    public string Colour => Definition.Colour;
}

/// <summary>Classifies means into the bands of a validated <see cref="AirIndexDefinition"/>.</summary>
public sealed class AirIndex
{
    private readonly Dictionary<string, (double[] Upper, int[] Band)> _bounds = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The definition has errors; the message lists them by field.</exception>
    public AirIndex(AirIndexDefinition definition)
    {
        var errors = definition.Validate();
        if (errors.Count > 0) throw new ArgumentException("air index definition is invalid: " + string.Join("; ", errors), nameof(definition));
        Definition = definition;
        foreach (var pollutant in definition.AveragingHours.Keys)
        {
            var bands = Enumerable.Range(0, definition.Bands.Count).Where(b => definition.Bands[b].Upper.ContainsKey(pollutant)).ToArray();
            _bounds[pollutant] = ([.. bands.Select(b => definition.Bands[b].Upper[pollutant])], bands);
        }
    }

    public static AirIndex Default { get; } = new(AirIndexDefaults.Definition);

    public AirIndexDefinition Definition { get; }

    public IReadOnlyList<AirBand> Bands => Definition.Bands;

    public int AveragingHours(string pollutant) => Definition.AveragingHours.TryGetValue(pollutant, out var h) ? h
        : throw new ArgumentException($"the index does not cover '{pollutant}'; it covers {string.Join(", ", Definition.AveragingHours.Keys)}", nameof(pollutant));

    public bool Covers(string pollutant) => _bounds.ContainsKey(pollutant);

    /// <summary>The band of a mean of <paramref name="pollutant"/> over its index averaging time: the first band bounding it at or above the value.</summary>
    public int Band(string pollutant, double value)
    {
        if (!_bounds.TryGetValue(pollutant, out var b)) AveragingHours(pollutant); // throws, naming what is covered
        if (double.IsNaN(value)) throw new ArgumentException($"{pollutant} mean is NaN", nameof(value));
        var (upper, bands) = _bounds[pollutant];
        for (var i = 0; i < upper.Length; i++)
            if (value <= upper[i]) return bands[i];
        return Definition.Bands.Count - 1;
    }

    /// <summary>
    /// The lower bound of band <paramref name="band"/> for a pollutant: the upper bound of the last earlier band naming
    /// it (0 when none), so the band holds values above this. Null when the pollutant never falls in the band (skipped).
    /// </summary>
    public double? LowerBound(string pollutant, int band)
    {
        var (upper, bands) = _bounds[pollutant];
        var lower = 0.0;
        for (var i = 0; i < upper.Length; i++)
        {
            if (bands[i] == band) return lower;
            if (bands[i] > band) return null;
            lower = upper[i];
        }
        return band == Definition.Bands.Count - 1 ? lower : null;
    }

    /// <summary>The index of a station from its pollutants' means (pollutant → mean over the index averaging time); pollutants the index does not cover are ignored.</summary>
    /// <exception cref="ArgumentException">No covered pollutant has a mean.</exception>
    public AirIndexReading Evaluate(IReadOnlyDictionary<string, double> means)
    {
        var items = new List<AirPollutantBand>();
        foreach (var (pollutant, value) in means)
            if (Covers(pollutant) && !double.IsNaN(value)) items.Add(new(pollutant, value, AveragingHours(pollutant), Band(pollutant, value)));
        if (items.Count == 0) throw new ArgumentException($"no mean of a pollutant the index covers ({string.Join(", ", Definition.AveragingHours.Keys)})", nameof(means));
        // Ties go to the value furthest into its band relative to the band's upper bound, then by name for determinism.
        var dominant = items.OrderByDescending(i => i.Band).ThenByDescending(i => Share(i)).ThenBy(i => i.Pollutant, StringComparer.Ordinal).First();
        return new AirIndexReading(dominant.Band, Definition.Bands[dominant.Band], dominant, items);
    }

    private double Share(AirPollutantBand item) =>
        Definition.Bands[item.Band].Upper.TryGetValue(item.Pollutant, out var upper) ? item.Value / upper : item.Value / Math.Max(LowerBound(item.Pollutant, item.Band) ?? 1, 1e-9);
}
