namespace CityMesh.Simulation.Air.Field;

/// <summary>A station's value (one pollutant, one averaging period) at its position.</summary>
public sealed record AirStationValue(string Station, double Longitude, double Latitude, double Value);

/// <summary>
/// The concentration between stations by inverse distance weighting: Σ wᵢ vᵢ / Σ wᵢ with wᵢ = 1/dᵢ^p over the stations
/// within the radius. It passes through every station, stays within their range (no overshoot, unlike kriging or
/// splines) and needs no fitted model, which suits a live layer fed by a changing set of stations. Stations with a
/// NaN value are left out. Immutable: build one per update and share it between threads.
/// <para>
/// With a covariate (e.g. <see cref="RoadProximity"/>) the field is a + b·covariate + IDW of the residuals: the
/// trend is fitted to the stations by least squares each time, and the weighting then spreads only what the
/// covariate does not explain (regression kriging's structure with IDW in place of the variogram). It still passes
/// through every station, and it can place a roadside peak where no station stands. Floored at 0.
/// </para>
/// </summary>
public sealed class AirField : IAirField
{
    private readonly LocalMetres _metres;
    private readonly double[] _x, _y, _value, _raw;
    private readonly IAirField? _covariate;
    private readonly double _power, _radius2, _snap2;
    private readonly bool _squarePower;

    /// <exception cref="ArgumentException">Options are invalid, no station has a value, or a station has no valid position (named).</exception>
    /// <param name="covariate">A surface the concentration rises or falls with (null: plain IDW); it must have a value at every station.</param>
    public AirField(IReadOnlyList<AirStationValue> stations, AirFieldOptions? options = null, IAirField? covariate = null)
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
        _raw = (double[])_value.Clone();
        if (covariate is not null)
        {
            _covariate = covariate;
            var c = used.Select(st => covariate.ValueAt(st.Longitude, st.Latitude)).ToArray();
            for (var i = 0; i < c.Length; i++)
                if (!double.IsFinite(c[i])) throw new ArgumentException($"the covariate has no value at station {used[i].Station}", nameof(covariate));
            (TrendIntercept, TrendSlope) = Fit(c, _value);
            for (var i = 0; i < c.Length; i++) _value[i] -= TrendIntercept + TrendSlope * c[i];
        }
        Options = o;
        _power = o.Power;
        _squarePower = o.Power == 2;
        _radius2 = o.RadiusMetres is { } r ? r * r : double.PositiveInfinity;
        _snap2 = o.SnapMetres * o.SnapMetres;
    }

    public IReadOnlyList<AirStationValue> Stations { get; }

    /// <summary>The fitted trend on the covariate, value ≈ intercept + slope × covariate (0 and 0 without one).</summary>
    public double TrendIntercept { get; }
    public double TrendSlope { get; }

    public AirFieldOptions Options { get; }

    public double ValueAt(double longitude, double latitude)
    {
        var (x, y) = _metres.ToMetres(longitude, latitude);
        double weighted = 0, total = 0;
        for (var i = 0; i < _x.Length; i++)
        {
            var d2 = (x - _x[i]) * (x - _x[i]) + (y - _y[i]) * (y - _y[i]);
            if (d2 > _radius2) continue;
            if (d2 <= _snap2) return _raw[i];
            // Power 2 is the common case: 1/d² needs no square root or pow.
            var w = _squarePower ? 1 / d2 : Math.Pow(d2, -_power / 2);
            weighted += w * _value[i];
            total += w;
        }
        if (!(total > 0)) return double.NaN;
        return _covariate is null ? weighted / total : Math.Max(0, Trend(longitude, latitude) + weighted / total);
    }

    private double Trend(double longitude, double latitude) => TrendIntercept + TrendSlope * _covariate!.ValueAt(longitude, latitude);

    /// <summary>Least squares v = a + b·c; with under three stations or a covariate that does not vary, the mean (b = 0).</summary>
    private static (double A, double B) Fit(double[] c, double[] v)
    {
        double mc = c.Average(), mv = v.Average(), scc = 0, scv = 0;
        for (var i = 0; i < c.Length; i++) { scc += (c[i] - mc) * (c[i] - mc); scv += (c[i] - mc) * (v[i] - mv); }
        if (c.Length < 3 || scc <= 1e-12 * c.Length) return (mv, 0);
        var b = scv / scc;
        return (mv - b * mc, b);
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
            if (d2 < best) (best, value) = (d2, _raw[i]);
        }
        return value;
    }

    /// <summary>
    /// Leave-one-out: each station predicted from the others, by this weighting and by the nearest other station.
    /// A station with no other in the radius is left out of the result.
    /// </summary>
    public static IReadOnlyList<(AirStationValue Station, double Interpolated, double Nearest)> LeaveOneOut(
        IReadOnlyList<AirStationValue> stations, AirFieldOptions? options = null, IAirField? covariate = null)
    {
        var used = stations.Where(s => double.IsFinite(s.Value)).ToArray();
        var result = new List<(AirStationValue, double, double)>(used.Length);
        for (var i = 0; i < used.Length; i++)
        {
            var others = used.Where((_, j) => j != i).ToArray();
            if (others.Length == 0) continue;
            var field = new AirField(others, options, covariate);
            var value = field.ValueAt(used[i].Longitude, used[i].Latitude);
            if (double.IsFinite(value)) result.Add((used[i], value, field.NearestValue(used[i].Longitude, used[i].Latitude)));
        }
        return result;
    }
}
