namespace CityMesh.Safety.Forecast;

/// <summary>
/// The recent forecasts, newest first, and where their files go. Keeps <see cref="SafetyOptions.ForecastsKept"/> and
/// deletes the folders of older ones, so a long flood does not fill the disk. Thread-safe.
/// </summary>
public sealed class ForecastLog
{
    private readonly List<FloodForecast> _forecasts = [];
    private readonly Lock _gate = new();
    private readonly int _kept;

    public ForecastLog(SafetyOptions options, string city)
    {
        _kept = options.ForecastsKept;
        Directory = options.ForecastDirectory ?? Path.Combine(Path.GetTempPath(), "citymesh-safety", city);
    }

    /// <summary>The folder each forecast's own folder goes in.</summary>
    public string Directory { get; }

    public IReadOnlyList<FloodForecast> Recent
    {
        get { lock (_gate) return [.. _forecasts]; }
    }

    public FloodForecast? Find(string id)
    {
        lock (_gate) return _forecasts.FirstOrDefault(f => f.Id == id);
    }

    /// <summary>Puts <paramref name="forecast"/> in the place of the one with its id (a forecast that has learnt more, its evacuation); nothing if it was dropped.</summary>
    public void Replace(FloodForecast forecast)
    {
        lock (_gate)
        {
            int at = _forecasts.FindIndex(f => f.Id == forecast.Id);
            if (at >= 0) _forecasts[at] = forecast;
        }
    }

    public void Add(FloodForecast forecast)
    {
        List<FloodForecast> dropped;
        lock (_gate)
        {
            _forecasts.Insert(0, forecast);
            dropped = _forecasts.Skip(_kept).ToList();
            if (dropped.Count > 0) _forecasts.RemoveRange(_kept, dropped.Count);
        }
        foreach (var old in dropped)
            if (System.IO.Directory.Exists(old.Directory)) System.IO.Directory.Delete(old.Directory, recursive: true);
    }
}
