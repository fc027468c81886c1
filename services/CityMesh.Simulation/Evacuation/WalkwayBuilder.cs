namespace CityMesh.Simulation.Evacuation;

/// <summary>A road's centre line on the plane (metres) and, where known, the width of each of its sidewalks (m).</summary>
public sealed record WalkwayRoad(string Id, IReadOnlyList<(double X, double Y)> Line, double? SidewalkWidth = null);

/// <summary>How roads become walkways.</summary>
public sealed record WalkwayBuildOptions
{
    /// <summary>
    /// Width of one sidewalk where the road does not say, m: 3, the usual width on a city street (China's urban road
    /// design code, CJJ 37-2012, asks at least 2 m, and 3 m and more on arterials).
    /// </summary>
    public double SidewalkWidth { get; init; } = 3;

    /// <summary>Sidewalks a street has: both sides by default.</summary>
    public int Sides { get; init; } = 2;

    /// <summary>
    /// Links are cut into pieces at most this long, m, so density (and so speed and crowding) is local to a stretch of
    /// street rather than averaged over a whole block.
    /// </summary>
    public double MaxLinkMetres { get; init; } = 20;

    /// <summary>Road ends closer than this, m, are one junction.</summary>
    public double SnapMetres { get; init; } = 1;

    public IEnumerable<string> Problems()
    {
        if (!(SidewalkWidth > 0) || SidewalkWidth > 100) yield return $"sidewalkWidth must be in (0, 100] m, not {SidewalkWidth}";
        if (Sides is < 1 or > 2) yield return $"sides must be 1 or 2, not {Sides}";
        if (!(MaxLinkMetres >= 1) || MaxLinkMetres > 10_000) yield return $"maxLinkMetres must be in [1, 10000] m, not {MaxLinkMetres}";
        if (!(SnapMetres >= 0) || SnapMetres > 100) yield return $"snapMetres must be in [0, 100] m, not {SnapMetres}";
    }
}

/// <summary>
/// Builds a <see cref="WalkwayGraph"/> from roads: a street is one walkway along its centre line whose width is its
/// sidewalks' together (people cross where the streets meet; which side they walk is not tracked), cut into links of
/// at most <see cref="WalkwayBuildOptions.MaxLinkMetres"/>. Road ends within the snap distance are one junction.
/// The two directions of a street (two roads on one line, as a twin holds them) are one walkway, as wide as its
/// widest road says. Buildings and shelters are attached by a straight path to the nearest walkway node.
/// </summary>
public sealed class WalkwayBuilder
{
    private readonly WalkwayBuildOptions _options;
    private readonly List<double> _x = [], _y = [];
    private readonly List<int> _from = [], _to = [];
    private readonly List<double> _length = [], _width = [];
    private readonly List<string> _road = [];
    private readonly Dictionary<(long, long), int> _ends = [];
    private readonly Dictionary<(int, int), (int FirstLink, double Length)> _streets = [];
    private readonly Dictionary<string, List<int>> _linksOf = new(StringComparer.Ordinal);
    private readonly int _streetNodes;

    public WalkwayBuilder(IEnumerable<WalkwayRoad> roads, WalkwayBuildOptions? options = null)
    {
        _options = options ?? new WalkwayBuildOptions();
        var problems = _options.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        foreach (var road in roads) AddRoad(road);
        _streetNodes = _x.Count;
    }

    /// <summary>The walkway links a road became (both directions of a street share theirs).</summary>
    public IReadOnlyList<int> LinksOf(string road) => _linksOf.TryGetValue(road, out var links) ? links : [];

    public IReadOnlyCollection<string> Roads => _linksOf.Keys;

    /// <summary>
    /// A place (a building's door, a shelter's entrance) joined to the nearest street node by a path as wide as
    /// <paramref name="width"/> and as long as the distance (at least 1 m); its node. −1 when there is no street.
    /// </summary>
    public int Attach(double x, double y, double width, string name)
    {
        if (!(width > 0)) throw new ArgumentOutOfRangeException(nameof(width), width, $"'{name}': a door's width must be > 0 m.");
        int nearest = -1;
        double best = double.PositiveInfinity;
        for (int n = 0; n < _streetNodes; n++)
        {
            double dx = _x[n] - x, dy = _y[n] - y, d = dx * dx + dy * dy;
            if (d < best) (nearest, best) = (n, d);
        }
        if (nearest < 0) return -1;
        int node = Node(x, y);
        AddLink(node, nearest, Math.Max(1, Math.Sqrt(best)), width, name);
        return node;
    }

    /// <summary>Widens every link of the named roads by <paramref name="factor"/> (contraflow opening the carriageway to walkers).</summary>
    public void Widen(string road, double factor)
    {
        foreach (int link in LinksOf(road)) _width[link] *= factor;
    }

    public WalkwayGraph Build() => new([.. _x], [.. _y], [.. _from], [.. _to], [.. _length], [.. _width], [.. _road]);

    private void AddRoad(WalkwayRoad road)
    {
        if (road.Line is not { Count: >= 2 }) throw new ArgumentException($"road '{road.Id}' needs a line of at least two points", nameof(road));
        foreach (var (x, y) in road.Line)
            if (!double.IsFinite(x) || !double.IsFinite(y)) throw new ArgumentException($"road '{road.Id}' has a point that is not finite: ({x}, {y})", nameof(road));
        if (road.SidewalkWidth is { } w && (!(w > 0) || w > 100)) throw new ArgumentException($"road '{road.Id}': sidewalkWidth must be in (0, 100] m, not {w}", nameof(road));
        double width = _options.Sides * (road.SidewalkWidth ?? _options.SidewalkWidth);
        int a = End(road.Line[0]), b = End(road.Line[^1]);
        var key = a < b ? (a, b) : (b, a);
        double along = 0;
        for (int k = 1; k < road.Line.Count; k++)
            along += Math.Sqrt(Math.Pow(road.Line[k].X - road.Line[k - 1].X, 2) + Math.Pow(road.Line[k].Y - road.Line[k - 1].Y, 2));
        // Two roads between the same junctions and of about one length are one street's two directions.
        if (_streets.TryGetValue(key, out var street) && a != b && Math.Abs(street.Length - along) <= 0.1 * Math.Max(street.Length, along))
        {
            int first = street.FirstLink;
            // The street's other direction: its walkway exists; keep the wider.
            var links = _linksOf[_road[first]];
            foreach (int link in links) _width[link] = Math.Max(_width[link], width);
            _linksOf[road.Id] = links;
            return;
        }
        var own = new List<int>();
        _linksOf[road.Id] = own;
        int previous = a;
        double px = road.Line[0].X, py = road.Line[0].Y;
        for (int k = 1; k < road.Line.Count; k++)
        {
            var (qx, qy) = road.Line[k];
            double length = Math.Sqrt((qx - px) * (qx - px) + (qy - py) * (qy - py));
            int pieces = Math.Max(1, (int)Math.Ceiling(length / _options.MaxLinkMetres));
            for (int p = 1; p <= pieces; p++)
            {
                bool last = k == road.Line.Count - 1 && p == pieces;
                double t = (double)p / pieces;
                int node = last ? b : Node(px + t * (qx - px), py + t * (qy - py));
                if (node != previous)
                {
                    own.Add(_from.Count);
                    AddLink(previous, node, Math.Max(1e-3, length / pieces), width, road.Id);
                }
                previous = node;
            }
            (px, py) = (qx, qy);
        }
        if (own.Count > 0 && a != b) _streets.TryAdd(key, (own[0], along));
    }

    private void AddLink(int from, int to, double length, double width, string road)
    {
        _from.Add(from);
        _to.Add(to);
        _length.Add(length);
        _width.Add(width);
        _road.Add(road);
    }

    /// <summary>The junction node at a road's end, shared with ends within the snap distance.</summary>
    private int End((double X, double Y) p)
    {
        double cell = Math.Max(_options.SnapMetres, 1e-6);
        long cx = (long)Math.Floor(p.X / cell), cy = (long)Math.Floor(p.Y / cell);
        for (long i = cx - 1; i <= cx + 1; i++)
            for (long j = cy - 1; j <= cy + 1; j++)
                if (_ends.TryGetValue((i, j), out int node) && Math.Abs(_x[node] - p.X) <= _options.SnapMetres && Math.Abs(_y[node] - p.Y) <= _options.SnapMetres)
                    return node;
        int added = Node(p.X, p.Y);
        _ends[(cx, cy)] = added;
        return added;
    }

    private int Node(double x, double y)
    {
        _x.Add(x);
        _y.Add(y);
        return _x.Count - 1;
    }
}
