using CityMesh.Simulation.Energy.Forecast;

namespace CityMesh.Energy.Forecast;

/// <summary>
/// Each feeder's hourly mean load, kW, over the last <see cref="Weeks"/> weeks of the city's clock (the meters'
/// time, so a sped-up simulated city fills it as fast as its clock runs): what the feeder forecasts train on. Thread-safe.
/// </summary>
public sealed class FeederLoadHistory(int weeks = 8)
{
    public int Weeks { get; } = weeks;

    private int Capacity => Weeks * HourlyLoad.HoursPerWeek;

    private readonly Dictionary<string, Series> _feeders = new(StringComparer.Ordinal);

    private sealed class Series
    {
        public long FirstHour = long.MinValue, LastHour = long.MinValue;
        public double[] Sum = [], Count = [];
    }

    /// <summary>Adds a reading of each feeder's load at <paramref name="at"/>.</summary>
    public void Add(DateTimeOffset at, IEnumerable<(string Feeder, double LoadKw)> loads)
    {
        var hour = at.ToUnixTimeSeconds() / 3600;
        lock (_feeders)
            foreach (var (feeder, kw) in loads)
            {
                if (!double.IsFinite(kw)) continue;
                if (!_feeders.TryGetValue(feeder, out var s)) _feeders[feeder] = s = new Series { Sum = new double[Capacity], Count = new double[Capacity] };
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

    /// <summary>The feeder's hourly means up to the last complete hour, oldest first (NaN where nothing was read); null when unknown.</summary>
    public HourlyLoad? Of(string feeder)
    {
        lock (_feeders)
        {
            if (!_feeders.TryGetValue(feeder, out var s) || s.LastHour <= s.FirstHour) return null;
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

    private int Slot(long hour) => (int)(((hour % Capacity) + Capacity) % Capacity);
}
