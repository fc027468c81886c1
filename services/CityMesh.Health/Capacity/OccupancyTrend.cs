namespace CityMesh.Health.Capacity;

/// <summary>
/// Occupancy over a sliding window of city time and its least-squares slope, kept as running sums so each new count
/// costs O(1) however many the window holds (a count a second for six hours is 21,600). Times are hours from the
/// series' first count, so the sums stay well conditioned.
/// </summary>
internal sealed class OccupancyTrend(TimeSpan window)
{
    private readonly Queue<(double Hours, double Occupancy)> _points = new();
    private DateTimeOffset? _origin;
    private double _sx, _sy, _sxx, _sxy;

    public int Count => _points.Count;

    /// <summary>City time the window spans, first count to last.</summary>
    public TimeSpan Span => _points.Count == 0 ? TimeSpan.Zero : TimeSpan.FromHours(_last - _points.Peek().Hours);

    private double _last;

    public void Add(DateTimeOffset at, double occupancy)
    {
        _origin ??= at;
        var x = (at - _origin.Value).TotalHours;
        _points.Enqueue((x, occupancy));
        _last = x;
        Accumulate(x, occupancy, 1);
        while (_points.Peek().Hours < x - window.TotalHours)
        {
            var (oldX, oldY) = _points.Dequeue();
            Accumulate(oldX, oldY, -1);
        }
    }

    /// <summary>Occupancy change per hour; 0 while the points cannot fix a slope.</summary>
    public double SlopePerHour
    {
        get
        {
            double n = _points.Count;
            var d = n * _sxx - _sx * _sx;
            // Relative guard: points at (nearly) one instant fix no slope.
            return n < 2 || d <= 1e-12 * n * _sxx ? 0 : (n * _sxy - _sx * _sy) / d;
        }
    }

    private void Accumulate(double x, double y, int sign)
    {
        _sx += sign * x;
        _sy += sign * y;
        _sxx += sign * x * x;
        _sxy += sign * x * y;
    }
}
