using CityMesh.Simulation.Air.Index;

namespace CityMesh.Simulation.Air.Alerts;

/// <summary>
/// Band alerts per station with hysteresis (<see cref="AirAlertOptions"/>). Feed each station's latest valid means
/// (pollutant → mean over the index averaging time) in time order; each update returns what changed, if anything.
/// Not thread-safe: one instance per consumer, or lock around it.
/// </summary>
public sealed class AirAlerts
{
    private readonly AirIndex _index;
    private readonly AirAlertOptions _options;
    private readonly int _alertBand;
    private readonly Dictionary<string, State> _stations = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The options do not fit the index; the message names the field.</exception>
    public AirAlerts(AirIndex index, AirAlertOptions? options = null)
    {
        _index = index;
        _options = options ?? new AirAlertOptions();
        var errors = _options.Validate(index);
        if (errors.Count > 0) throw new ArgumentException("air alert options are invalid: " + string.Join("; ", errors), nameof(options));
        _alertBand = index.Bands.Select((b, i) => (b, i)).First(x => string.Equals(x.b.Name, _options.AlertBand, StringComparison.OrdinalIgnoreCase)).i;
    }

    /// <summary>The alerts now active, by station.</summary>
    public IEnumerable<AirAlert> Active => _stations.Values.Where(s => s.Alert is not null).Select(s => s.Alert!);

    public AirAlert? For(string station) => _stations.TryGetValue(station, out var s) ? s.Alert : null;

    /// <summary>
    /// Takes a station's means at <paramref name="at"/>. Means the index does not cover are ignored; with none it
    /// covers, nothing changes (a silent station keeps its alert until it reports again).
    /// </summary>
    public AirAlertChange? Update(string station, DateTimeOffset at, IReadOnlyDictionary<string, double> means)
    {
        if (!means.Any(m => _index.Covers(m.Key) && !double.IsNaN(m.Value))) return null;
        var reading = _index.Evaluate(means);
        if (!_stations.TryGetValue(station, out var state)) _stations[station] = state = new State();
        var dominant = reading.Dominant;
        AirAlert Make(int band, DateTimeOffset since, DateTimeOffset bandSince, AirPollutantBand p) =>
            new(station, p.Pollutant, band, _index.Bands[band].Name, p.Value, p.AveragingHours, since, bandSince);

        if (state.Alert is not { } alert)
        {
            if (reading.Band < _alertBand) return null;
            state.Alert = Make(reading.Band, at, at, dominant);
            return new AirAlertChange(AirAlertChangeKind.Raised, state.Alert, null, at);
        }
        if (reading.Band > alert.Band)
        {
            state.PendingSince = null;
            state.Alert = Make(reading.Band, alert.Since, at, dominant);
            return new AirAlertChange(AirAlertChangeKind.Moved, state.Alert, alert.Band, at);
        }
        // Down only when clearly below: the band every mean would have if it were Margin higher, relative to the bounds.
        var clear = reading.Pollutants.Max(p => _index.Band(p.Pollutant, p.Value / (1 - _options.Margin)));
        if (clear >= alert.Band)
        {
            state.PendingSince = null;
            var driver = reading.Pollutants.Where(p => p.Band == alert.Band).OrderByDescending(p => p.Value).FirstOrDefault() ?? dominant;
            state.Alert = alert with { Pollutant = driver.Pollutant, Value = driver.Value, AveragingHours = driver.AveragingHours };
            return null;
        }
        state.PendingSince ??= at;
        if (at - state.PendingSince.Value < _options.Hold) return null;
        state.PendingSince = null;
        if (clear < _alertBand)
        {
            var last = alert with { Value = dominant.Value, Pollutant = dominant.Pollutant, AveragingHours = dominant.AveragingHours };
            state.Alert = null;
            return new AirAlertChange(AirAlertChangeKind.Cleared, last, alert.Band, at);
        }
        var driverDown = reading.Pollutants.OrderByDescending(p => _index.Band(p.Pollutant, p.Value / (1 - _options.Margin))).ThenByDescending(p => p.Value).First();
        state.Alert = Make(clear, alert.Since, at, driverDown);
        return new AirAlertChange(AirAlertChangeKind.Moved, state.Alert, alert.Band, at);
    }

    private sealed class State
    {
        public AirAlert? Alert;
        public DateTimeOffset? PendingSince;
    }
}
