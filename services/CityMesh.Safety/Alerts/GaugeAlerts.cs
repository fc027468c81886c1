using CityMesh.Contracts.Safety;
using CityMesh.Safety.Gauges;

namespace CityMesh.Safety.Alerts;

/// <summary>
/// The alert state of every gauge, moved by each new reading: raised to <c>alert</c> at the alert line and to
/// <c>critical</c> at the critical line, lowered only when the level falls <see cref="SafetyOptions.HysteresisMetres"/>
/// below the line that raised it (a level wavering at a line does not flap). Returns what changed. Not thread-safe.
/// </summary>
public sealed class GaugeAlerts(SafetyOptions options, GaugeHistory history)
{
    private readonly Dictionary<string, FloodAlert> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public IReadOnlyCollection<FloodAlert> Active => _active.Values;

    public IReadOnlyList<FloodAlert> Observe(SafetySnapshot snapshot)
    {
        var changes = new List<FloodAlert>();
        foreach (var gauge in snapshot.Gauges.Values.OrderBy(g => g.Id, StringComparer.Ordinal))
        {
            if (gauge is not { Level: { } level, ObservedAt: { } at } || !double.IsFinite(gauge.AlertLevel)) continue;
            if (_seen.TryGetValue(gauge.Id, out var last) && at <= last) continue; // a re-read of a reading already judged
            _seen[gauge.Id] = at;
            _active.TryGetValue(gauge.Id, out var standing);
            string? reached = level >= gauge.CriticalLevel ? FloodAlert.Critical : level >= gauge.AlertLevel ? FloodAlert.Alert : null;
            string? keep = standing?.Level switch
            {
                FloodAlert.Critical when level >= gauge.CriticalLevel - options.HysteresisMetres => FloodAlert.Critical,
                FloodAlert.Critical or FloodAlert.Alert when level >= gauge.AlertLevel - options.HysteresisMetres => FloodAlert.Alert,
                _ => null,
            };
            // Up at once, down only past the hysteresis.
            string? now = Rank(reached) >= Rank(keep) ? reached : keep;
            if (now == standing?.Level) continue;
            var trend = history.TrendPerHour(gauge.Id);
            if (now is null)
            {
                _active.Remove(gauge.Id);
                changes.Add(standing! with { Active = false, WaterLevel = level, TrendPerHour = trend, At = at });
                continue;
            }
            var alert = new FloodAlert(gauge.Id, now, true, level, gauge.AlertLevel, gauge.CriticalLevel, trend, at, standing?.Since ?? at);
            _active[gauge.Id] = alert;
            changes.Add(alert);
        }
        return changes;
    }

    private static int Rank(string? level) => level switch { FloodAlert.Critical => 2, FloodAlert.Alert => 1, _ => 0 };
}
