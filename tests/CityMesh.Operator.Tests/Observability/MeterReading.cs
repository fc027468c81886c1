using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CityMesh.Operator.Tests.Observability;

/// <summary>
/// What one meter reports, read as an exporter reads it: observable instruments when asked, histograms as the count and
/// sum of what was recorded since this reading began. Listens to the one meter only, so tests running at once do not
/// see each other's operators.
/// </summary>
internal sealed class MeterReading : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Count, double Sum)> _histograms = new(StringComparer.Ordinal);

    public MeterReading(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>The instrument's value for the one attribute given (or none), as of now.</summary>
    public double Value(string instrument, string? attribute = null, string? value = null)
    {
        _listener.RecordObservableInstruments();
        return _latest.TryGetValue(Key(instrument, attribute, value), out var v) ? v
            : throw new Xunit.Sdk.XunitException($"no measurement of {instrument} {attribute}={value}; have: {string.Join(", ", _latest.Keys)}");
    }

    /// <summary>Whether the instrument reported anything for that attribute value as of now.</summary>
    public bool Has(string instrument, string attribute, string value)
    {
        _latest.Clear();
        _listener.RecordObservableInstruments();
        return _latest.ContainsKey(Key(instrument, attribute, value));
    }

    public (long Count, double Sum) Histogram(string instrument) =>
        _histograms.Where(p => p.Key.StartsWith(instrument + "|", StringComparison.Ordinal))
            .Aggregate((0L, 0.0), (total, p) => (total.Item1 + p.Value.Count, total.Item2 + p.Value.Sum));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = tags.Length == 0 ? Key(instrument.Name, null, null) : Key(instrument.Name, tags[0].Key, tags[0].Value?.ToString());
        if (instrument is Histogram<double>)
            _histograms.AddOrUpdate(key, (1, value), (_, h) => (h.Count + 1, h.Sum + value));
        else
            _latest[key] = value;
    }

    private static string Key(string instrument, string? attribute, string? value) => $"{instrument}|{attribute}={value}";

    public void Dispose() => _listener.Dispose();
}
