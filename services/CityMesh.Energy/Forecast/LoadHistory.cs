using CityMesh.Simulation.Energy.Forecast;

namespace CityMesh.Energy.Forecast;

/// <summary>
/// Each feeder's and substation's hourly mean load, kW, by entity id, over the last <see cref="Weeks"/> weeks of the
/// city's clock (the meters' time, so a sped-up simulated city fills it as fast as its clock runs): what the load
/// forecasts train on. Thread-safe.
/// </summary>
public sealed class LoadHistory(int weeks = 8)
{
    public int Weeks { get; } = weeks;

    private int Capacity => Weeks * HourlyLoad.HoursPerWeek;

    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);

    private sealed class Series
    {
        public long FirstHour = long.MinValue, LastHour = long.MinValue;
        public double[] Sum = [], Count = [];
    }

    /// <summary>Adds a reading of each element's load at <paramref name="at"/>.</summary>
    public void Add(DateTimeOffset at, IEnumerable<(string Element, double LoadKw)> loads)
    {
        var hour = at.ToUnixTimeSeconds() / 3600;
        lock (_series)
            foreach (var (element, kw) in loads)
            {
                if (!double.IsFinite(kw)) continue;
                if (!_series.TryGetValue(element, out var s)) _series[element] = s = new Series { Sum = new double[Capacity], Count = new double[Capacity] };
                if (s.FirstHour == long.MinValue) s.FirstHour = s.LastHour = hour;
                if (hour < s.LastHour - Capacity + 1 || hour < s.FirstHour) continue; // older than what is kept
                // Hours skipped over are cleared as the window moves on.
                for (var h = Math.Max(s.LastHour + 1, hour - Capacity + 1); h <= hour; h++)
                {
                    s.Sum[Slot(h)] = 0;
                    s.Count[Slot(h)] = 0;
                }
                s.LastHour = Math.Max(s.LastHour, hour);
                s.FirstHour = Math.Max(s.FirstHour, s.LastHour - Capacity + 1);
                s.Sum[Slot(hour)] += kw;
                s.Count[Slot(hour)]++;
            }
    }

    /// <summary>The element's hourly means up to the last complete hour, oldest first (NaN where nothing was read); null when unknown.</summary>
    public HourlyLoad? Of(string element)
    {
        lock (_series)
        {
            if (!_series.TryGetValue(element, out var s) || s.LastHour <= s.FirstHour) return null;
            var hours = (int)(s.LastHour - s.FirstHour);
            var load = new double[hours];
            for (var i = 0; i < hours; i++)
            {
                var slot = Slot(s.FirstHour + i);
                load[i] = s.Count[slot] > 0 ? s.Sum[slot] / s.Count[slot] : double.NaN;
            }
            return new HourlyLoad(DateTimeOffset.FromUnixTimeSeconds(s.FirstHour * 3600), load);
        }
    }

    /// <summary>The start of the element's last complete hour (the origin of its forecasts); null before it has one.</summary>
    public DateTimeOffset? LastCompleteHour(string element)
    {
        lock (_series)
            return _series.TryGetValue(element, out var s) && s.LastHour > s.FirstHour ? DateTimeOffset.FromUnixTimeSeconds((s.LastHour - 1) * 3600) : null;
    }

    private int Slot(long hour) => (int)(((hour % Capacity) + Capacity) % Capacity);
}
