using CityMesh.Transport.Forecasting.Data;
using CityMesh.Transport.Forecasting.Models;

namespace CityMesh.Transport.Forecasting.Live;

/// <summary>
/// Live short-term forecasts per detector. Readings are folded into 5-minute slots; a forecast starts from the last
/// complete slot (the one before the newest). The residual AR needs the detector's own readings in the
/// <see cref="ResidualAutoregression.OwnLags"/> slots up to it; until then the forecaster answers the historical
/// average it was trained with (from the simulated data set) and says why in <see cref="DetectorForecast.Fallback"/>.
/// Neighbours without readings count as "as usual" (zero deviation). Thread-safe.
/// </summary>
public sealed class DetectorForecaster
{
    private readonly TrainedForecast _trained;
    private readonly Dictionary<string, int> _roadOfDetector;
    private readonly RecentSlots[] _recent;
    private readonly TimeSpan _utcOffset;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    /// <param name="roadByDetector">The road (a trained road id) each detector measures; null: detectors are named by their road.</param>
    /// <param name="utcOffset">The city's offset from UTC: slots of day and weekends are local.</param>
    public DetectorForecaster(TrainedForecast trained, IReadOnlyDictionary<string, string>? roadByDetector = null,
        TimeSpan utcOffset = default, TimeProvider? time = null)
    {
        _trained = trained;
        var roadIndex = trained.Roads.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i, StringComparer.Ordinal);
        _roadOfDetector = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (detector, road) in roadByDetector ?? trained.Roads.ToDictionary(r => r, r => r))
        {
            if (!roadIndex.TryGetValue(road, out var index))
                throw new ArgumentException($"Detector '{detector}' is on road '{road}', which the forecast was not trained for.", nameof(roadByDetector));
            _roadOfDetector[detector] = index;
        }
        _recent = trained.Roads.Select(_ => new RecentSlots()).ToArray();
        _utcOffset = utcOffset;
        _time = time ?? TimeProvider.System;
    }

    public IEnumerable<string> Detectors => _roadOfDetector.Keys;

    /// <summary>Takes a reading (flow veh/h, speed km/h; either may be missing). False when the detector is unknown.</summary>
    public bool Observe(string detector, DateTimeOffset at, double? flow, double? speed)
    {
        if (!_roadOfDetector.TryGetValue(detector, out var road)) return false;
        lock (_gate) _recent[road].Add(SlotOf(at), flow, speed);
        return true;
    }

    /// <summary>The detector's forecasts 15, 30 and 60 minutes ahead; null when the detector is unknown.</summary>
    public DetectorForecast? Forecast(string detector)
    {
        if (!_roadOfDetector.TryGetValue(detector, out var road)) return null;
        lock (_gate)
        {
            var latest = _recent[road].Latest;
            long originSlot = (latest ?? SlotOf(_time.GetUtcNow())) - 1;
            var origin = new LiveOrigin(_recent, originSlot);
            int have = 0;
            while (have < ResidualAutoregression.OwnLags && !float.IsNaN(origin.Observed(Quantity.Flow, road, have)) && !float.IsNaN(origin.Observed(Quantity.Speed, road, have))) have++;
            IForecastModel model = have == ResidualAutoregression.OwnLags ? _trained.Model : _trained.Average;
            string? fallback = model == _trained.Model ? null :
                $"{ResidualAutoregression.ModelName} needs flow and speed in the {ResidualAutoregression.OwnLags} complete 5-minute slots before the origin; " +
                $"{have} are there, so this is the historical average of the simulated training days";
            var originTime = TimeOfSlot(originSlot + 1);
            var horizons = ForecastHorizons.Minutes.Select(minutes =>
            {
                int steps = ForecastHorizons.Steps(minutes);
                return new HorizonForecast(minutes, originTime.AddMinutes(minutes),
                    Finite(model.Predict(origin, Quantity.Flow, road, steps)), Finite(model.Predict(origin, Quantity.Speed, road, steps)));
            }).ToArray();
            return new DetectorForecast(detector, _trained.Roads[road], model.Name, fallback, originTime, horizons);
        }
    }

    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 2) : null;

    /// <summary>Absolute local 5-minute slot number of a moment.</summary>
    private long SlotOf(DateTimeOffset at) => (long)Math.Floor((at.UtcDateTime + _utcOffset).Ticks / (double)TimeSpan.FromMinutes(ForecastDataSet.SlotMinutes).Ticks);

    /// <summary>The start of an absolute slot, in the city's offset.</summary>
    private DateTimeOffset TimeOfSlot(long slot) =>
        new(new DateTime(slot * TimeSpan.FromMinutes(ForecastDataSet.SlotMinutes).Ticks, DateTimeKind.Unspecified), _utcOffset);

    /// <summary>An origin over the forecaster's recent slots.</summary>
    private sealed class LiveOrigin(RecentSlots[] recent, long slot) : IForecastOrigin
    {
        public int Slot { get; } = (int)(((slot % ForecastDataSet.SlotsPerDay) + ForecastDataSet.SlotsPerDay) % ForecastDataSet.SlotsPerDay);

        public bool Weekend { get; } = DateOnly.FromDateTime(new DateTime(slot * TimeSpan.FromMinutes(ForecastDataSet.SlotMinutes).Ticks)).DayOfWeek
            is DayOfWeek.Saturday or DayOfWeek.Sunday;

        public float Observed(Quantity quantity, int road, int lag) =>
            quantity == Quantity.Flow ? recent[road].Flow(slot - lag) : recent[road].Speed(slot - lag);
    }
}
