using System.Text.RegularExpressions;

namespace CityMesh.Simulation.Air.Index;

/// <summary>
/// A configurable local air quality index: which averaging time each pollutant is judged on and the bands, lowest
/// first. <see cref="Validate"/> names every problem by its field; <see cref="AirIndex"/> refuses a definition with any.
/// </summary>
public sealed partial record AirIndexDefinition
{
    /// <summary>Averaging time in hours per pollutant the index covers (1, 8, 24, ...).</summary>
    public required IReadOnlyDictionary<string, int> AveragingHours { get; init; }

    /// <summary>The bands, cleanest first; the last is open-ended.</summary>
    public required IReadOnlyList<AirBand> Bands { get; init; }

    public IReadOnlyList<AirIndexError> Validate()
    {
        var errors = new List<AirIndexError>();
        if (AveragingHours is null || AveragingHours.Count == 0) errors.Add(new("AveragingHours", "must name at least one pollutant"));
        else
            foreach (var (pollutant, hours) in AveragingHours)
                if (hours is < 1 or > AirAveraging.Day) errors.Add(new($"AveragingHours.{pollutant}", $"must be 1 to 24 hours (got {hours}); longer means are not live readings"));
        if (Bands is null || Bands.Count < 2) { errors.Add(new("Bands", "must hold at least two bands (the last is open-ended)")); return errors; }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var previous = new Dictionary<string, (double Value, int Band)>();
        for (var b = 0; b < Bands.Count; b++)
        {
            var band = Bands[b];
            var path = $"Bands[{b}]";
            if (band is null) { errors.Add(new(path, "is missing")); continue; }
            if (string.IsNullOrWhiteSpace(band.Name)) errors.Add(new($"{path}.Name", "is required"));
            else if (!names.Add(band.Name)) errors.Add(new($"{path}.Name", $"'{band.Name}' is used by an earlier band"));
            if (band.Colour is null || !Colour().IsMatch(band.Colour)) errors.Add(new($"{path}.Colour", $"'{band.Colour}' is not a colour such as #50F0E6"));
            if (string.IsNullOrWhiteSpace(band.PublicMessage)) errors.Add(new($"{path}.PublicMessage", "is required"));
            if (string.IsNullOrWhiteSpace(band.SensitiveMessage)) errors.Add(new($"{path}.SensitiveMessage", "is required"));
            var upper = band.Upper ?? new Dictionary<string, double>();
            if (b == Bands.Count - 1)
            {
                if (upper.Count > 0) errors.Add(new($"{path}.Upper", "must be empty: the last band is open-ended"));
                continue;
            }
            if (upper.Count == 0) errors.Add(new($"{path}.Upper", "must bound at least one pollutant (only the last band is open-ended)"));
            foreach (var (pollutant, value) in upper)
            {
                var field = $"{path}.Upper.{pollutant}";
                if (AveragingHours is not null && !AveragingHours.ContainsKey(pollutant)) errors.Add(new(field, $"names a pollutant without an averaging time in AveragingHours"));
                if (!double.IsFinite(value) || value <= 0) errors.Add(new(field, $"must be a positive concentration (got {value})"));
                else if (previous.TryGetValue(pollutant, out var before) && value <= before.Value)
                    errors.Add(new(field, $"must exceed Bands[{before.Band}].Upper.{pollutant} ({before.Value}) (got {value})"));
                else previous[pollutant] = (value, b);
            }
        }
        if (AveragingHours is not null)
            foreach (var pollutant in AveragingHours.Keys)
                if (!previous.ContainsKey(pollutant)) errors.Add(new($"AveragingHours.{pollutant}", "is bounded by no band"));
        return errors;
    }

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex Colour();
}
