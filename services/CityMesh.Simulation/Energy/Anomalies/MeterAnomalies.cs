using CityMesh.Simulation.Air.Faults;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;

namespace CityMesh.Simulation.Energy.Anomalies;

/// <summary>
/// Meter anomalies over the load readings of a city's energy meters on a regular grid (<see cref="StationSeries"/>
/// with the meters as its stations and "load" as its quantity):
/// <list type="bullet">
/// <item>stuck, drift, level shift and spike by <see cref="SensorFaults"/>, the detector the air stations use. It
/// judges each sensor against the median of the others scaled to its level, which suits meters as well as air
/// stations: every meter follows the city's daily and weekly rhythm and its weather, so what the others do not share
/// is the meter's own fault;</item>
/// <item>dropout: a run of missing readings lasting <see cref="MeterAnomalyOptions.DropoutMinDuration"/>, which the
/// shared detector does not report (it scans what was read).</item>
/// </list>
/// </summary>
public static class MeterAnomalies
{
    public const string Quantity = "load";

    /// <exception cref="ArgumentException">The options or the series' shapes are invalid; the message names the field.</exception>
    public static IReadOnlyList<SensorFault> Scan(StationSeries meters, MeterAnomalyOptions? options = null)
    {
        var o = options ?? new MeterAnomalyOptions();
        var errors = o.Validate();
        if (errors.Count > 0) throw new ArgumentException("meter anomaly options are invalid: " + string.Join("; ", errors), nameof(options));
        var faults = new List<SensorFault>(SensorFaults.Scan(meters, o.Faults));
        var minimum = Math.Max(1, (int)Math.Ceiling(o.DropoutMinDuration / meters.Interval));
        for (var s = 0; s < meters.Stations.Count; s++)
        {
            var values = meters.Values[s];
            for (var t = 0; t < values.Length;)
            {
                if (!double.IsNaN(values[t])) { t++; continue; }
                var first = t;
                while (t < values.Length && double.IsNaN(values[t])) t++;
                if (t - first >= minimum)
                    faults.Add(new(meters.Stations[s], meters.Pollutant, AnomalyKinds.Dropout, meters.TimeAt(first), meters.TimeAt(t - 1), 0));
            }
        }
        faults.Sort((p, q) => p.Start != q.Start ? p.Start.CompareTo(q.Start) : string.CompareOrdinal(p.Station, q.Station));
        return faults;
    }

    /// <summary>
    /// One alert per fault, naming its kind, at the time the fault was evident: its first sample for a step, a
    /// frozen run, a burst or a gap, which are whole from their start; for a drift, the time its fitted ramp reaches
    /// the smallest offset the detector reports (<see cref="SensorFaultOptions.DriftMinShare"/> of the level), since
    /// the ramp's start is an extrapolation back to zero offset, where nothing was yet wrong to see.
    /// </summary>
    public static AnomalyAlert Alert(SensorFault fault, MeterAnomalyOptions? options = null)
    {
        var time = fault.Start;
        if (fault.Kind == AnomalyKinds.Drift && Math.Abs(fault.Magnitude) > 0)
        {
            var share = Math.Min(1, (options ?? new MeterAnomalyOptions()).Faults.DriftMinShare / Math.Abs(fault.Magnitude));
            time = fault.Start + (fault.End - fault.Start) * share;
        }
        return new(fault.Station, time, fault.Kind);
    }

    /// <summary>The energy meters' load of a synthetic telemetry set as the detector reads it.</summary>
    /// <exception cref="ArgumentException">The set has no energy meters.</exception>
    public static StationSeries Meters(TelemetrySeries series)
    {
        var channel = series.Channel(SensorKinds.EnergyMeter, SensorKinds.Load.Name)
            ?? throw new ArgumentException("the data set has no energy-meter load series", nameof(series));
        var ids = channel.SiteIndexes.Select(i => series.Sites[i].Id).ToArray();
        var values = Enumerable.Range(0, ids.Length).Select(i => Array.ConvertAll(channel.Row(i).ToArray(), v => (double)v)).ToArray();
        return new StationSeries(Quantity, series.Start, series.Interval, ids, values);
    }
}
