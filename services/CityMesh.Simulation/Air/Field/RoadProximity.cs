namespace CityMesh.Simulation.Air.Field;

/// <summary>A street segment with a weight (e.g. its traffic flow relative to a main road's).</summary>
public sealed record RoadSegment(GeoPoint A, GeoPoint B, double Weight = 1);

/// <summary>
/// A covariate for <see cref="AirField"/>: Σ weight × exp(−distance to the segment / decay) over the roads, how
/// strongly a place feels traffic. Near-road NO2 falls to the urban background within a few hundred metres of a busy
/// road (the land-use regression literature uses buffers of 25–500 m), which stations a kilometre apart cannot
/// resolve; the road network can. Segments farther than 6 decay lengths are skipped (under 0.25 % each). Cost is
/// linear in the segments per query: for a whole city's streets, pass the main roads, or sample it onto a grid once.
/// </summary>
public sealed class RoadProximity : IAirField
{
    private readonly LocalMetres _metres;
    private readonly double[] _ax, _ay, _bx, _by, _weight;
    private readonly double _decay, _cutoff2;

    /// <exception cref="ArgumentException">No segment, a bad decay, or a segment with a bad weight (named).</exception>
    public RoadProximity(IReadOnlyList<RoadSegment> roads, double decayMetres)
    {
        if (roads.Count == 0) throw new ArgumentException("no road segments", nameof(roads));
        if (!(decayMetres > 0 && double.IsFinite(decayMetres))) throw new ArgumentException($"decayMetres must be positive (got {decayMetres})", nameof(decayMetres));
        _metres = new LocalMetres(roads.Average(r => (r.A.Longitude + r.B.Longitude) / 2), roads.Average(r => (r.A.Latitude + r.B.Latitude) / 2));
        (_ax, _ay, _bx, _by, _weight) = (new double[roads.Count], new double[roads.Count], new double[roads.Count], new double[roads.Count], new double[roads.Count]);
        for (var i = 0; i < roads.Count; i++)
        {
            if (!(roads[i].Weight >= 0 && double.IsFinite(roads[i].Weight))) throw new ArgumentException($"roads[{i}].Weight must be 0 or more (got {roads[i].Weight})", nameof(roads));
            (_ax[i], _ay[i]) = _metres.ToMetres(roads[i].A.Longitude, roads[i].A.Latitude);
            (_bx[i], _by[i]) = _metres.ToMetres(roads[i].B.Longitude, roads[i].B.Latitude);
            _weight[i] = roads[i].Weight;
        }
        _decay = decayMetres;
        _cutoff2 = 36 * decayMetres * decayMetres;
    }

    public double ValueAt(double longitude, double latitude)
    {
        var (x, y) = _metres.ToMetres(longitude, latitude);
        double sum = 0;
        for (var i = 0; i < _ax.Length; i++)
        {
            // Distance to the segment: project onto it and clamp to its ends.
            double dx = _bx[i] - _ax[i], dy = _by[i] - _ay[i];
            var length2 = dx * dx + dy * dy;
            var f = length2 > 0 ? Math.Clamp(((x - _ax[i]) * dx + (y - _ay[i]) * dy) / length2, 0, 1) : 0;
            double ex = x - _ax[i] - f * dx, ey = y - _ay[i] - f * dy;
            var d2 = ex * ex + ey * ey;
            if (d2 < _cutoff2) sum += _weight[i] * Math.Exp(-Math.Sqrt(d2) / _decay);
        }
        return sum;
    }
}
