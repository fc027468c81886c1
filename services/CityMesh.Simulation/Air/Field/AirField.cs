namespace CityMesh.Simulation.Air.Field;

/// <summary>A station's value (one pollutant, one averaging period) at its position.</summary>
public sealed record AirStationValue(string Station, double Longitude, double Latitude, double Value);

/// <summary>
/// The concentration between stations by inverse distance weighting: Σ wᵢ vᵢ / Σ wᵢ with wᵢ = 1/dᵢ^p over the stations
/// within the radius. It passes through every station, stays within their range (no overshoot, unlike kriging or
/// splines) and needs no fitted model, which suits a live layer fed by a changing set of stations. Stations with a
/// NaN value are left out. Immutable: build one per update and share it between threads.
/// </summary>
public sealed class AirField : IAirField
{
    private readonly LocalMetres _metres;
    private readonly double[] _x, _y, _value;
    private readonly double _power, _radius2, _snap2;
    private readonly bool _squarePower;

    /// <exception cref="ArgumentException">Options are invalid, no station has a value, or a station has no valid position (named).</exception>
    public AirField(IReadOnlyList<AirStationValue> stations, AirFieldOptions? options = null)
    {
        var o = options ?? new AirFieldOptions();
        var errors = o.Validate();
        if (errors.Count > 0) throw new ArgumentException("air field options are invalid: " + string.Join("; ", errors), nameof(options));
        for (var i = 0; i < stations.Count; i++)
            if (!(Math.Abs(stations[i].Latitude) <= 90 && Math.Abs(stations[i].Longitude) <= 180))
                throw new ArgumentException($"stations[{i}] ({stations[i].Station}) has no valid WGS84 position ({stations[i].Longitude}, {stations[i].Latitude})", nameof(stations));
        var used = stations.Where(s => double.IsFinite(s.Value)).ToArray();
        if (used.Length == 0) throw new ArgumentException("no station has a value", nameof(stations));
        Stations = used;
        _metres = new LocalMetres(used.Average(s => s.Longitude), used.Average(s => s.Latitude));
        _x = new double[used.Length];
        _y = new double[used.Length];
        _value = new double[used.Length];
        for (var i = 0; i < used.Length; i++)
        {
            (_x[i], _y[i]) = _metres.ToMetres(used[i].Longitude, used[i].Latitude);
            _value[i] = used[i].Value;
        }
        Options = o;
        _power = o.Power;
        _squarePower = o.Power == 2;
        _radius2 = o.RadiusMetres is { } r ? r * r : double.PositiveInfinity;
        _snap2 = o.SnapMetres * o.SnapMetres;
    }

    public IReadOnlyList<AirStationValue> Stations { get; }

    public AirFieldOptions Options { get; }

    public double ValueAt(double longitude, double latitude)
    {
        var (x, y) = _metres.ToMetres(longitude, latitude);
        double weighted = 0, total = 0;
        for (var i = 0; i < _x.Length; i++)
        {
            var d2 = (x - _x[i]) * (x - _x[i]) + (y - _y[i]) * (y - _y[i]);
            if (d2 > _radius2) continue;
            if (d2 <= _snap2) return _value[i];
            // Power 2 is the common case: 1/d² needs no square root or pow.
            var w = _squarePower ? 1 / d2 : Math.Pow(d2, -_power / 2);
            weighted += w * _value[i];
            total += w;
        }
        return total > 0 ? weighted / total : double.NaN;
    }

    /// <summary>The value of the station nearest the position: the baseline an interpolation must beat.</summary>
    public double NearestValue(double longitude, double latitude)
    {
        var (x, y) = _metres.ToMetres(longitude, latitude);
        var best = double.PositiveInfinity;
        var value = double.NaN;
        for (var i = 0; i < _x.Length; i++)
        {
            var d2 = (x - _x[i]) * (x - _x[i]) + (y - _y[i]) * (y - _y[i]);
            if (d2 < best) (best, value) = (d2, _value[i]);
        }
        return value;
    }

    /// <summary>
    /// Leave-one-out: each station predicted from the others, by this weighting and by the nearest other station.
    /// A station with no other in the radius is left out of the result.
    /// </summary>
    public static IReadOnlyList<(AirStationValue Station, double Interpolated, double Nearest)> LeaveOneOut(IReadOnlyList<AirStationValue> stations, AirFieldOptions? options = null)
    {
        var used = stations.Where(s => double.IsFinite(s.Value)).ToArray();
        var result = new List<(AirStationValue, double, double)>(used.Length);
        for (var i = 0; i < used.Length; i++)
        {
            var others = used.Where((_, j) => j != i).ToArray();
            if (others.Length == 0) continue;
            var field = new AirField(others, options);
            var value = field.ValueAt(used[i].Longitude, used[i].Latitude);
            if (double.IsFinite(value)) result.Add((used[i], value, field.NearestValue(used[i].Longitude, used[i].Latitude)));
        }
        return result;
    }
}
