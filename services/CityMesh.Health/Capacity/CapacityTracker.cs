using CityMesh.Contracts.Health;
using CityMesh.Health.Twin;

namespace CityMesh.Health.Capacity;

/// <summary>
/// Decides capacity alerts from successive snapshots; pure and single-threaded (the monitor serialises calls).
/// Per hospital and bed type: an occupancy level (high at <see cref="CapacityOptions.High"/>, critical at
/// <see cref="CapacityOptions.Critical"/>, each left only <see cref="CapacityOptions.Hysteresis"/> below), and a trend
/// (the least-squares slope over <see cref="CapacityOptions.TrendWindow"/> projecting every bed full within
/// <see cref="CapacityOptions.TrendHorizon"/>, from at least <see cref="CapacityOptions.TrendFloor"/>; cleared when the
/// projection moves beyond one and a half horizons). Per emergency department: crowded while waiting or boarding
/// patients pass their share of cubicles, cleared below 80 % of both. A hospital's counts are judged only when their
/// observation time advances, so re-reads of the same counts change nothing.
/// </summary>
public sealed class CapacityTracker(CapacityOptions options)
{
    private readonly Dictionary<(string Hospital, string Kind, string? BedType), CapacityAlert> _active = [];
    private readonly Dictionary<(string Hospital, string BedType), OccupancyTrend> _history = [];
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public IReadOnlyCollection<CapacityAlert> Active => _active.Values;

    public IReadOnlyList<CapacityAlert> Observe(HealthSnapshot snapshot)
    {
        var changes = new List<CapacityAlert>();
        foreach (var hospital in snapshot.Hospitals.Values)
        {
            if (hospital.ObservedAt is not { } at) continue;
            if (_seen.TryGetValue(hospital.Id, out var last) && at <= last) continue;
            _seen[hospital.Id] = at;
            foreach (var (type, beds) in hospital.Beds)
            {
                if (beds.Occupancy is not { } occupancy) continue;
                var evidence = new CapacityEvidence(beds.Capacity, beds.Occupied, Math.Round(occupancy, 4), null);
                Level(hospital.Id, type, occupancy, at, evidence, changes);
                Trend(hospital.Id, type, occupancy, at, evidence, changes);
            }
            if (hospital.Ed is { Cubicles: > 0 } ed) Crowding(hospital, ed, at, changes);
        }
        return changes;
    }

    private void Level(string hospital, string type, double occupancy, DateTimeOffset at, CapacityEvidence evidence, List<CapacityAlert> changes)
    {
        var key = (hospital, CapacityAlert.Occupancy, (string?)type);
        _active.TryGetValue(key, out var current);
        var held = current?.Level switch
        {
            CapacityAlert.Critical => occupancy >= options.Critical - options.Hysteresis ? CapacityAlert.Critical
                : occupancy >= options.High - options.Hysteresis ? CapacityAlert.High : null,
            CapacityAlert.High => occupancy >= options.Critical ? CapacityAlert.Critical
                : occupancy >= options.High - options.Hysteresis ? CapacityAlert.High : null,
            _ => occupancy >= options.Critical ? CapacityAlert.Critical : occupancy >= options.High ? CapacityAlert.High : null,
        };
        if (held == current?.Level) return;
        var threshold = held == CapacityAlert.Critical || current?.Level == CapacityAlert.Critical && held is null ? options.Critical : options.High;
        Change(key, held, at, evidence with { Threshold = threshold }, current, changes);
    }

    private void Trend(string hospital, string type, double occupancy, DateTimeOffset at, CapacityEvidence evidence, List<CapacityAlert> changes)
    {
        if (!_history.TryGetValue((hospital, type), out var trend)) _history[(hospital, type)] = trend = new OccupancyTrend(options.TrendWindow);
        trend.Add(at, occupancy);
        var key = (hospital, CapacityAlert.Trend, (string?)type);
        _active.TryGetValue(key, out var current);
        // Half a window of points at least, so a few readings after a restart do not make a trend.
        if (trend.Count < 6 || trend.Span < options.TrendWindow / 2) return;
        var slope = trend.SlopePerHour;
        DateTimeOffset? full = slope > 0 ? at + TimeSpan.FromHours(Math.Min((1 - occupancy) / slope, 24 * 365)) : null;
        var rising = full is { } f && occupancy >= options.TrendFloor && f - at <= options.TrendHorizon;
        var fading = full is not { } g || g - at > options.TrendHorizon * 1.5 || occupancy < options.TrendFloor - options.Hysteresis;
        var held = current is null ? (rising ? CapacityAlert.High : null) : (fading ? null : CapacityAlert.High);
        if (held == current?.Level) return;
        Change(key, held, at, evidence with { Threshold = options.TrendFloor, TrendPerHour = Math.Round(slope, 5), ProjectedFullAt = full }, current, changes);
    }

    private void Crowding(HospitalState hospital, EdState ed, DateTimeOffset at, List<CapacityAlert> changes)
    {
        var key = (hospital.Id, CapacityAlert.EmergencyDepartment, (string?)null);
        _active.TryGetValue(key, out var current);
        var waiting = ed.Waiting / (double)ed.Cubicles;
        var boarding = ed.Boarding / (double)ed.Cubicles;
        var crowded = waiting >= options.EdWaitingShare || boarding >= options.EdBoardingShare;
        var easing = waiting < 0.8 * options.EdWaitingShare && boarding < 0.8 * options.EdBoardingShare;
        var held = current is null ? (crowded ? CapacityAlert.High : null) : (easing ? null : CapacityAlert.High);
        if (held == current?.Level) return;
        var evidence = new CapacityEvidence(ed.Cubicles, ed.Patients, Math.Round(ed.Patients / (double)ed.Cubicles, 4), options.EdWaitingShare,
            EdWaiting: ed.Waiting, EdBoarding: ed.Boarding, EdCubicles: ed.Cubicles);
        Change(key, held, at, evidence, current, changes);
    }

    private void Change((string, string, string?) key, string? level, DateTimeOffset at, CapacityEvidence evidence, CapacityAlert? current, List<CapacityAlert> changes)
    {
        var (hospital, kind, type) = key;
        if (level is null)
        {
            _active.Remove(key);
            changes.Add(new CapacityAlert(hospital, kind, type, current!.Level, false, at, current.Since, evidence));
            return;
        }
        // A move between high and critical keeps the alert's start.
        var alert = new CapacityAlert(hospital, kind, type, level, true, at, current?.Since ?? at, evidence);
        _active[key] = alert;
        changes.Add(alert);
    }

}
