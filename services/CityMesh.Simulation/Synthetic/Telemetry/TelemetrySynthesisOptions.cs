using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;

namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// What <see cref="TelemetryDataset.Generate"/> makes: <c>spec.telemetry</c> of a synthetic-telemetry TwinScenario.
/// Time runs from <see cref="StartTime"/> (city local time unless it carries an offset) for
/// <see cref="DurationHours"/> at one sample per <see cref="IntervalSeconds"/>.
/// </summary>
public sealed record TelemetrySynthesisOptions
{
    /// <summary>Monday 6 January 2025, midnight: a week from here starts with a working day.</summary>
    public const string DefaultStartTime = "2025-01-06T00:00:00";

    [Description("First sample's time, ISO 8601; without an offset it is city local time (utcOffsetHours). Default a Monday 00:00.")]
    public string StartTime { get; init; } = DefaultStartTime;

    [Description("Length of the series in hours (168 = one week).")]
    public double DurationHours { get; init; } = 168;

    [Description("Seconds between samples, 10 to 86400.")]
    public int IntervalSeconds { get; init; } = 300;

    [Description("The city's offset from UTC in hours; daily and weekly profiles follow local time.")]
    public double UtcOffsetHours { get; init; } = 8;

    [Description("Sensor kinds to generate: traffic-detector (intensity veh/h, averageVehicleSpeed km/h), air-quality (no2, pm25 µg/m³), energy-meter (load kW), water-main (flow m³/h, pressure kPa).")]
    public IReadOnlyList<string> Kinds { get; init; } = SensorKinds.All;

    /// <summary>The values of <see cref="Sites"/>.</summary>
    public const string GeneratedSites = "generated", TwinSites = "twin";

    [Description("Where the sensors come from: \"generated\" (sitesPerKind per kind on a grid around the anchor) or \"twin\" (the city twin's sensors of these kinds, at their locations; a scenario reads them from the twin the worker is given).")]
    public string Sites { get; init; } = GeneratedSites;

    [Description("Sites generated per kind when no twin supplies them, 1 to 5000.")]
    public int SitesPerKind { get; init; } = 8;

    [Description("Latitude of the generated sites' grid centre, WGS84 degrees (default central Jinan).")]
    public double AnchorLatitude { get; init; } = 36.6612;

    [Description("Longitude of the generated sites' grid centre, WGS84 degrees.")]
    public double AnchorLongitude { get; init; } = 117.0201;

    [Description("Spacing of the generated sites' grid, metres.")]
    public double GridSpacingMetres { get; init; } = 700;

    [Description("Strength of the daily and weekly cycles.")]
    public SeasonalityOptions Seasonality { get; init; } = new();

    [Description("Rain showers and temperature.")]
    public WeatherOptions Weather { get; init; } = new();

    [Description("Measurement noise, correlated in time and between neighbouring sensors.")]
    public NoiseOptions Noise { get; init; } = new();

    [Description("Injected, labelled anomalies per kind: spike, levelShift, drift, stuck, dropout, leak.")]
    public AnomalyRates Anomalies { get; init; } = new();

    // Derived values: not settings, so neither in JSON nor in the CRD.
    [JsonIgnore]
    public TimeSpan UtcOffset => TimeSpan.FromHours(UtcOffsetHours);

    [JsonIgnore]
    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);

    /// <summary>Samples per sensor: the duration divided by the interval, at least one.</summary>
    [JsonIgnore]
    public int Steps => Math.Max(1, (int)Math.Floor(DurationHours * 3600 / IntervalSeconds));

    /// <summary>The first sample's instant. Call after <see cref="Validate"/> has found no errors.</summary>
    [JsonIgnore]
    public DateTimeOffset Start => ParseStart(StartTime, UtcOffset)
        ?? throw new InvalidOperationException($"startTime '{StartTime}' is not an ISO 8601 time; run Validate() first");

    public IReadOnlyList<SynthesisOptionError> Validate()
    {
        var errors = new List<SynthesisOptionError>();
        if (!double.IsFinite(UtcOffsetHours) || UtcOffsetHours < -14 || UtcOffsetHours > 14 || UtcOffsetHours * 4 % 1 != 0)
            errors.Add(new("utcOffsetHours", $"must be -14 to 14 in quarter hours (got {UtcOffsetHours})"));
        else if (ParseStart(StartTime, UtcOffset) is null)
            errors.Add(new("startTime", $"'{StartTime}' is not an ISO 8601 time such as {DefaultStartTime}"));
        if (!double.IsFinite(DurationHours) || DurationHours <= 0 || DurationHours > 24 * 366)
            errors.Add(new("durationHours", $"must be above 0 and at most {24 * 366} (got {DurationHours})"));
        if (IntervalSeconds is < 10 or > 86_400) errors.Add(new("intervalSeconds", $"must be 10 to 86400 (got {IntervalSeconds})"));
        else if (errors.Count == 0 && (long)Steps * Math.Max(1, SitesPerKind) * 2 > 500_000_000)
            errors.Add(new("intervalSeconds", $"{Steps} samples per sensor for {SitesPerKind} sensors per kind is too many; widen the interval or shorten the duration"));
        if (Kinds is null || Kinds.Count == 0) errors.Add(new("kinds", $"name at least one of {string.Join(", ", SensorKinds.All)}"));
        else
            for (var i = 0; i < Kinds.Count; i++)
                if (!SensorKinds.All.Contains(Kinds[i]))
                    errors.Add(new($"kinds[{i}]", $"'{Kinds[i]}' is not a sensor kind; use one of {string.Join(", ", SensorKinds.All)}"));
        if (Sites is not (GeneratedSites or TwinSites)) errors.Add(new("sites", $"'{Sites}' is not a source of sites; use {GeneratedSites} or {TwinSites}"));
        if (SitesPerKind is < 1 or > 5000) errors.Add(new("sitesPerKind", $"must be 1 to 5000 (got {SitesPerKind})"));
        if (!double.IsFinite(AnchorLatitude) || Math.Abs(AnchorLatitude) > 85) errors.Add(new("anchorLatitude", $"must be -85 to 85 (got {AnchorLatitude})"));
        if (!double.IsFinite(AnchorLongitude) || Math.Abs(AnchorLongitude) > 180) errors.Add(new("anchorLongitude", $"must be -180 to 180 (got {AnchorLongitude})"));
        if (!double.IsFinite(GridSpacingMetres) || GridSpacingMetres < 10 || GridSpacingMetres > 50_000)
            errors.Add(new("gridSpacingMetres", $"must be 10 to 50000 (got {GridSpacingMetres})"));
        if (Seasonality is null) errors.Add(new("seasonality", "is required"));
        else errors.AddRange(Seasonality.Check("seasonality"));
        if (Weather is null) errors.Add(new("weather", "is required"));
        else errors.AddRange(Weather.Check("weather"));
        if (Noise is null) errors.Add(new("noise", "is required"));
        else errors.AddRange(Noise.Check("noise"));
        if (Anomalies is null) errors.Add(new("anomalies", "is required"));
        else errors.AddRange(Anomalies.Check("anomalies"));
        return errors;
    }

    private static DateTimeOffset? ParseStart(string? text, TimeSpan offset)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        // An explicit offset or Z wins; otherwise the clock time is the city's.
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 10 && text.LastIndexOfAny(['+', '-']) > 10);
        if (hasOffset)
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at.ToOffset(offset) : null;
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset)
            : null;
    }
}
