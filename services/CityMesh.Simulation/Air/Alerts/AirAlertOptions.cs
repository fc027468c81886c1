namespace CityMesh.Simulation.Air.Alerts;

/// <summary>
/// When band alerts raise and clear. A station alerts at <see cref="AlertBand"/> or above. Going up is immediate; going
/// down (a lower band, or clearing) needs every pollutant below its band's lower bound by <see cref="Margin"/> (a
/// share of the bound) for <see cref="Hold"/> without a break, so a mean wobbling at a bound does not flap.
/// </summary>
public sealed record AirAlertOptions
{
    /// <summary>Name of the lowest band that alerts (default "Poor", the first above every strictest interim target of WHO).</summary>
    public string AlertBand { get; init; } = "Poor";

    /// <summary>How far below a band's lower bound a mean must be to count as below it, as a share of the bound (0.1 = 10 %).</summary>
    public double Margin { get; init; } = 0.1;

    /// <summary>How long the station must stay clearly below before the alert moves down or clears.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromHours(1);

    public IReadOnlyList<string> Validate(Index.AirIndex index)
    {
        var errors = new List<string>();
        if (index.Bands.All(b => !string.Equals(b.Name, AlertBand, StringComparison.OrdinalIgnoreCase)))
            errors.Add($"AlertBand '{AlertBand}' is not a band of the index ({string.Join(", ", index.Bands.Select(b => b.Name))})");
        else if (string.Equals(index.Bands[0].Name, AlertBand, StringComparison.OrdinalIgnoreCase))
            errors.Add($"AlertBand '{AlertBand}' is the cleanest band: every station would always alert");
        if (!double.IsFinite(Margin) || Margin < 0 || Margin >= 1) errors.Add($"Margin must be 0 to below 1 (got {Margin})");
        if (Hold < TimeSpan.Zero) errors.Add($"Hold must not be negative (got {Hold})");
        return errors;
    }
}
