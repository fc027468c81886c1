using System.Globalization;

namespace CityMesh.Simulation.Water.Inp;

/// <summary>
/// The second pass: sections in the order their dependencies need (options and times, patterns and curves, nodes,
/// links, then what refers to them), each value converted to SI as it is read. One instance reads one file. Split by
/// subject over <c>InpParser.*.cs</c>.
/// </summary>
internal sealed partial class InpParser(string name, InpSections sections)
{
    /// <summary>EPANET's longest id.</summary>
    public const int MaxIdLength = 31;

    private readonly Dictionary<string, WaterPattern> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawCurve> _curves = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeEntry> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkEntry> _links = new(StringComparer.Ordinal);
    private readonly List<WaterJunction> _junctions = [];
    private readonly List<WaterReservoir> _reservoirs = [];
    private readonly List<WaterTank> _tanks = [];
    private readonly List<WaterPipe> _pipes = [];
    private readonly List<WaterPump> _pumps = [];
    private readonly List<WaterValve> _valves = [];
    private readonly List<WaterControl> _controls = [];
    private readonly Dictionary<string, (double X, double Y)> _coordinates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(double X, double Y)>> _vertices = new(StringComparer.Ordinal);

    private WaterOptions _options = new() { Units = FlowUnits.Gpm };
    private WaterTimes _times = new();

    // m³/s, m, m, m of head, m, m³ and W per one of the file's units; set by ReadOptions.
    private double _flow, _length, _diameter, _pressure, _roughness, _volume, _power;

    public WaterNetwork Parse()
    {
        ReadOptions();
        ReadTimes();
        ReadPatterns();
        ReadCurves();
        ReadJunctions();
        ReadReservoirs();
        ReadTanks();
        ReadPipes();
        ReadPumps();
        ReadValves();
        ReadDemands();
        ReadEmitters();
        ReadStatus();
        ReadControls();
        ReadCoordinates();
        ReadVertices();
        CheckConnected();

        var title = string.Join("\n", sections["TITLE"].Select(l => l.Text));
        return new WaterNetwork
        {
            Title = title,
            Junctions = [.. _junctions],
            Reservoirs = [.. _reservoirs],
            Tanks = [.. _tanks],
            Pipes = [.. _pipes],
            Pumps = [.. _pumps],
            Valves = [.. _valves],
            Patterns = _patterns,
            Controls = [.. _controls],
            Options = _options,
            Times = _times,
            Coordinates = _coordinates,
            Vertices = _vertices.ToDictionary(v => v.Key, v => (IReadOnlyList<(double X, double Y)>)v.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>Every node on a link (EPANET refuses a network with a lone node), and a fixed head somewhere.</summary>
    private void CheckConnected()
    {
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in _pipes) { linked.Add(p.From); linked.Add(p.To); }
        foreach (var p in _pumps) { linked.Add(p.From); linked.Add(p.To); }
        foreach (var v in _valves) { linked.Add(v.From); linked.Add(v.To); }
        foreach (var (id, node) in _nodes.OrderBy(n => n.Value.Line.Number))
            if (!linked.Contains(id))
                throw Fail(node.Line, $"{Describe(node.Kind)} '{id}' is not connected to any pipe, pump or valve");
        if (_reservoirs.Count + _tanks.Count == 0)
            throw new InpFormatException(name, null, null,
                "the network has no reservoir or tank, so no node's head is fixed ([RESERVOIRS] or [TANKS] needs at least one)");
    }

    // --- Entries kept while reading -----------------------------------------------------------------------------

    private enum NodeKind { Junction, Reservoir, Tank }

    private enum LinkKind { Pipe, Pump, Valve }

    /// <param name="Head">The elevation of a junction or a tank's bottom, a reservoir's head: what a control's level or pressure is above (m).</param>
    private sealed record NodeEntry(NodeKind Kind, int Index, InpLine Line, double Head);

    private sealed record LinkEntry(LinkKind Kind, int Index, InpLine Line);

    /// <summary>A curve's points in the file's units with the line of each, converted when something uses it.</summary>
    private sealed class RawCurve(string id)
    {
        public string Id { get; } = id;
        public List<double> X { get; } = [];
        public List<double> Y { get; } = [];
        public List<InpLine> Lines { get; } = [];

        public WaterCurve ToSi(double xFactor, double yFactor) =>
            new(Id, [.. X.Select(x => x * xFactor)], [.. Y.Select(y => y * yFactor)]);
    }

    private static string Describe(NodeKind kind) => kind switch
    {
        NodeKind.Junction => "junction",
        NodeKind.Reservoir => "reservoir",
        _ => "tank",
    };

    private static string Describe(LinkKind kind) => kind switch
    {
        LinkKind.Pipe => "pipe",
        LinkKind.Pump => "pump",
        _ => "valve",
    };

    // --- Helpers shared by the sections --------------------------------------------------------------------------

    private InpFormatException Fail(InpLine line, string problem) => new(name, line.Section, line.Number, problem);

    /// <summary>A line of <paramref name="min"/> to <paramref name="max"/> fields, or an error that shows the layout.</summary>
    private void Expect(InpLine line, int min, int max, string what, string layout)
    {
        if (line.Count >= min && line.Count <= max) return;
        var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
        throw Fail(line, $"{what} has {line.Count} field{(line.Count == 1 ? "" : "s")}, expected {expected}: {layout}");
    }

    /// <summary>A new id of a node or link (its first field), unique among its kind's ids.</summary>
    private string NewId(InpLine line, string kind, bool node)
    {
        var id = line.Fields[0];
        CheckIdLength(line, id, kind);
        if (node && _nodes.TryGetValue(id, out var n))
            throw Fail(line, $"{kind} id '{id}' is already used by the {Describe(n.Kind)} on line {n.Line.Number} (nodes share one set of ids)");
        if (!node && _links.TryGetValue(id, out var l))
            throw Fail(line, $"{kind} id '{id}' is already used by the {Describe(l.Kind)} on line {l.Line.Number} (links share one set of ids)");
        return id;
    }

    private void CheckIdLength(InpLine line, string id, string kind)
    {
        if (id.Length > MaxIdLength)
            throw Fail(line, $"{kind} id '{InpSections.Shorten(id)}' has {id.Length} characters, more than EPANET's {MaxIdLength}");
    }

    private double Number(InpLine line, int index, string what)
    {
        var token = line.Fields[index];
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Fail(line, $"{what} '{InpSections.Shorten(token)}' is not a number");
        return value;
    }

    private double Positive(InpLine line, int index, string what)
    {
        var value = Number(line, index, what);
        if (!(value > 0)) throw Fail(line, $"{what} {line.Fields[index]} must be greater than 0");
        return value;
    }

    private double NonNegative(InpLine line, int index, string what)
    {
        var value = Number(line, index, what);
        if (value < 0) throw Fail(line, $"{what} {line.Fields[index]} must not be negative");
        return value;
    }

    private int Whole(InpLine line, int index, string what, int min)
    {
        var value = Number(line, index, what);
        if (value != Math.Floor(value) || value < min || value > int.MaxValue)
            throw Fail(line, $"{what} {line.Fields[index]} must be a whole number of at least {min}");
        return (int)value;
    }

    private static bool Is(string token, string keyword) => string.Equals(token, keyword, StringComparison.OrdinalIgnoreCase);

    private static string Text(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>A pattern a line names; an error at that line when [PATTERNS] does not define it.</summary>
    private string PatternReference(InpLine line, int index, string what)
    {
        var id = line.Fields[index];
        if (!_patterns.ContainsKey(id)) throw Fail(line, $"{what} pattern '{InpSections.Shorten(id)}' is not defined in [PATTERNS]");
        return id;
    }

    /// <summary>A curve a line names, in SI for its use; an error at that line when [CURVES] does not define it.</summary>
    private RawCurve CurveReference(InpLine line, int index, string what)
    {
        var id = line.Fields[index];
        if (!_curves.TryGetValue(id, out var curve)) throw Fail(line, $"{what} curve '{InpSections.Shorten(id)}' is not defined in [CURVES]");
        return curve;
    }

    /// <summary>A node a line names, which must be defined in [JUNCTIONS], [RESERVOIRS] or [TANKS].</summary>
    private NodeEntry NodeReference(InpLine line, int index, string what)
    {
        var id = line.Fields[index];
        if (!_nodes.TryGetValue(id, out var node))
            throw Fail(line, $"{what} '{InpSections.Shorten(id)}' is not a junction, reservoir or tank of the file");
        return node;
    }

    private LinkEntry LinkReference(InpLine line, int index, string what)
    {
        var id = line.Fields[index];
        if (!_links.TryGetValue(id, out var link))
            throw Fail(line, $"{what} '{InpSections.Shorten(id)}' is not a pipe, pump or valve of the file");
        return link;
    }
}
