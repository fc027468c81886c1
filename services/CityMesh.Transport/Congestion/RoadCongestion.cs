using CityMesh.Contracts.Transport;

namespace CityMesh.Transport.Congestion;

/// <summary>
/// One road's congestion state from its detector's readings. The free-flow speed is learned from readings at low
/// occupancy (a running mean once <see cref="CongestionOptions.FreeFlowSamples"/> were seen; the speed limit before);
/// entering and leaving congestion each need their own thresholds met several readings in a row.
/// </summary>
public sealed class RoadCongestion(double speedLimitKmh, CongestionOptions options)
{
    private double _freeFlowSum;
    private int _freeFlowSamples, _agreeing;
    private DateTimeOffset _lastAt = DateTimeOffset.MinValue;

    public bool Congested { get; private set; }
    public DateTimeOffset Since { get; private set; }
    public CongestionEvidence? Evidence { get; private set; }

    public double FreeFlowKmh => _freeFlowSamples >= options.FreeFlowSamples ? _freeFlowSum / _freeFlowSamples : speedLimitKmh;

    /// <summary>Takes one reading; true when the road entered or left congestion with it.</summary>
    public bool Observe(string detector, DateTimeOffset at, double speedKmh, double? occupancy, double? flowPerHour)
    {
        if (at <= _lastAt || !double.IsFinite(speedKmh) || speedKmh < 0) return false; // a redelivery or an older reading
        _lastAt = at;
        if (occupancy is { } o && o <= options.FreeFlowOccupancy && speedKmh > 0)
        {
            _freeFlowSum += speedKmh;
            _freeFlowSamples++;
        }
        var freeFlow = FreeFlowKmh;
        var ratio = freeFlow > 0 ? speedKmh / freeFlow : 1;
        var occupied = occupancy ?? 0;
        var pointsOtherWay = Congested
            ? ratio >= options.ExitSpeedRatio || occupied < options.ExitOccupancy
            : ratio <= options.EnterSpeedRatio && occupied >= options.EnterOccupancy;
        _agreeing = pointsOtherWay ? _agreeing + 1 : 0;
        Evidence = new CongestionEvidence(detector, speedKmh, Math.Round(freeFlow, 1), _freeFlowSamples >= options.FreeFlowSamples, _freeFlowSamples,
            Math.Round(ratio, 3), occupancy, flowPerHour, _agreeing, at);
        if (_agreeing < (Congested ? options.ExitReadings : options.EnterReadings)) return false;
        Congested = !Congested;
        Since = at;
        _agreeing = 0;
        return true;
    }
}
