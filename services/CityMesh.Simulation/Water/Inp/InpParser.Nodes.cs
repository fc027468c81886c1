namespace CityMesh.Simulation.Water.Inp;

/// <summary>[PATTERNS], [CURVES], the nodes ([JUNCTIONS], [RESERVOIRS], [TANKS]) and what is added to junctions ([DEMANDS], [EMITTERS]).</summary>
internal sealed partial class InpParser
{
    private void ReadPatterns()
    {
        var multipliers = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var line in sections["PATTERNS"])
        {
            var id = line.Fields[0];
            Expect(line, 2, int.MaxValue, $"pattern '{InpSections.Shorten(id)}'", "id multiplier [multiplier …] (a pattern may go on over several lines with its id)");
            CheckIdLength(line, id, "pattern");
            if (!multipliers.TryGetValue(id, out var list)) multipliers[id] = list = [];
            for (int i = 1; i < line.Count; i++) list.Add(Number(line, i, $"pattern '{id}' multiplier {list.Count + 1}"));
        }
        foreach (var (id, list) in multipliers) _patterns[id] = new WaterPattern(id, list);
        _options = _options with { DefaultPattern = _patterns.ContainsKey(_defaultPattern) ? _defaultPattern : null };
    }

    private void ReadCurves()
    {
        foreach (var line in sections["CURVES"])
        {
            var id = line.Fields[0];
            Expect(line, 3, 3, $"curve '{InpSections.Shorten(id)}' point", "id x y (one point a line)");
            CheckIdLength(line, id, "curve");
            if (!_curves.TryGetValue(id, out var curve)) _curves[id] = curve = new RawCurve(id);
            var x = Number(line, 1, $"curve '{id}' x");
            var y = Number(line, 2, $"curve '{id}' y");
            if (curve.X.Count > 0 && !(x > curve.X[^1]))
                throw Fail(line, $"curve '{id}' x {line.Fields[1]} is not above the previous point's x {Text(curve.X[^1])} (line {curve.Lines[^1].Number}); a curve's x values must rise");
            curve.X.Add(x);
            curve.Y.Add(y);
            curve.Lines.Add(line);
        }
    }

    private void ReadJunctions()
    {
        foreach (var line in sections["JUNCTIONS"])
        {
            Expect(line, 2, 4, $"junction '{InpSections.Shorten(line.Fields[0])}'", "id elevation [demand] [pattern]");
            var id = NewId(line, "junction", node: true);
            var what = $"junction '{id}'";
            var elevation = Number(line, 1, $"{what} elevation") * _length;
            var demand = line.Count > 2 ? Number(line, 2, $"{what} demand") * _flow : 0;
            var pattern = line.Count > 3 ? PatternReference(line, 3, what) : null;
            _nodes[id] = new NodeEntry(NodeKind.Junction, _junctions.Count, line, elevation);
            _junctions.Add(new WaterJunction(id, elevation, [new WaterDemand(demand, pattern)]));
        }
    }

    private void ReadReservoirs()
    {
        foreach (var line in sections["RESERVOIRS"])
        {
            Expect(line, 2, 3, $"reservoir '{InpSections.Shorten(line.Fields[0])}'", "id head [pattern]");
            var id = NewId(line, "reservoir", node: true);
            var what = $"reservoir '{id}'";
            var head = Number(line, 1, $"{what} head") * _length;
            var pattern = line.Count > 2 ? PatternReference(line, 2, what) : null;
            _nodes[id] = new NodeEntry(NodeKind.Reservoir, _reservoirs.Count, line, head);
            _reservoirs.Add(new WaterReservoir(id, head, pattern));
        }
    }

    private void ReadTanks()
    {
        const string layout = "id elevation initlevel minlevel maxlevel diameter [minvol] [volcurve] [overflow]";
        foreach (var line in sections["TANKS"])
        {
            Expect(line, 6, 9, $"tank '{InpSections.Shorten(line.Fields[0])}'", layout);
            var id = NewId(line, "tank", node: true);
            var what = $"tank '{id}'";
            var elevation = Number(line, 1, $"{what} elevation");
            var initial = NonNegative(line, 2, $"{what} initial level");
            var min = NonNegative(line, 3, $"{what} minimum level");
            var max = NonNegative(line, 4, $"{what} maximum level");
            var diameter = NonNegative(line, 5, $"{what} diameter");
            var minVolume = line.Count > 6 ? NonNegative(line, 6, $"{what} minimum volume") : 0;
            if (min > max)
                throw Fail(line, $"{what} minimum level {line.Fields[3]} is above its maximum level {line.Fields[4]}");
            if (initial < min || initial > max)
                throw Fail(line, $"{what} initial level {line.Fields[2]} is outside its minimum and maximum levels [{line.Fields[3]}, {line.Fields[4]}]");

            WaterCurve? volumeCurve = null;
            if (line.Count > 7 && line.Fields[7] != "*")
            {
                var curve = CurveReference(line, 7, $"{what} volume");
                if (min < curve.X[0] || max > curve.X[^1])
                    throw Fail(line, $"{what} levels [{line.Fields[3]}, {line.Fields[4]}] are not within its volume curve '{curve.Id}''s levels [{Text(curve.X[0])}, {Text(curve.X[^1])}]");
                for (int k = 1; k < curve.Y.Count; k++)
                    if (curve.Y[k] < curve.Y[k - 1])
                        throw Fail(curve.Lines[k], $"curve '{curve.Id}' (tank '{id}''s volume curve): volume {Text(curve.Y[k])} at level {Text(curve.X[k])} is below the volume {Text(curve.Y[k - 1])} at the level before; a tank's volume cannot fall as its level rises");
                volumeCurve = curve.ToSi(_length, _volume);
            }
            else if (diameter == 0)
                throw Fail(line, $"{what} diameter 0 needs a volume curve (field 8) to give its volume");

            bool overflow = line.Count > 8 && Is(line.Fields[8], "YES");
            if (line.Count > 8 && !overflow && !Is(line.Fields[8], "NO"))
                throw Fail(line, $"{what} overflow '{InpSections.Shorten(line.Fields[8])}' is not YES or NO");

            _nodes[id] = new NodeEntry(NodeKind.Tank, _tanks.Count, line, elevation * _length);
            _tanks.Add(new WaterTank(id, elevation * _length, initial * _length, min * _length, max * _length, diameter * _length,
                minVolume * _volume, volumeCurve, overflow));
        }
    }

    /// <summary>
    /// [DEMANDS]: <c>junction base [pattern] [;category]</c>. A junction listed here has its [JUNCTIONS] demand replaced
    /// by this list (EPANET 2.2's rule), in file order.
    /// </summary>
    private void ReadDemands()
    {
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in sections["DEMANDS"])
        {
            Expect(line, 2, 3, $"demand of '{InpSections.Shorten(line.Fields[0])}'", "junction demand [pattern] [;category]");
            var junction = Junction(line, "a demand");
            var what = $"junction '{junction.Id}' demand";
            var demand = new WaterDemand(Number(line, 1, what) * _flow, line.Count > 2 ? PatternReference(line, 2, what) : null, line.Comment);
            var index = _nodes[junction.Id].Index;
            _junctions[index] = junction with { Demands = replaced.Add(junction.Id) ? [demand] : [.. junction.Demands, demand] };
        }
    }

    /// <summary>
    /// [EMITTERS]: <c>junction coefficient</c>, flow units at 1 pressure unit, to SI: q = C·p^γ with q in m³/s and p in
    /// m gives C_SI = C · flow factor · pressure factor^−γ.
    /// </summary>
    private void ReadEmitters()
    {
        foreach (var line in sections["EMITTERS"])
        {
            Expect(line, 2, 2, $"emitter of '{InpSections.Shorten(line.Fields[0])}'", "junction coefficient");
            var junction = Junction(line, "an emitter");
            var coefficient = NonNegative(line, 1, $"junction '{junction.Id}' emitter coefficient");
            var si = coefficient * _flow * Math.Pow(_pressure, -_options.EmitterExponent);
            _junctions[_nodes[junction.Id].Index] = junction with { EmitterCoefficient = si };
        }
    }

    /// <summary>The junction a line's first field names; an error when it is another kind of node or none.</summary>
    private WaterJunction Junction(InpLine line, string what)
    {
        var node = NodeReference(line, 0, "node");
        if (node.Kind != NodeKind.Junction)
            throw Fail(line, $"{Describe(node.Kind)} '{line.Fields[0]}' cannot have {what}; only a junction can");
        return _junctions[node.Index];
    }

    private void ReadCoordinates()
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in sections["COORDINATES"])
        {
            Expect(line, 3, 3, $"coordinates of '{InpSections.Shorten(line.Fields[0])}'", "node x y");
            NodeReference(line, 0, "node");
            var id = line.Fields[0];
            if (seen.TryGetValue(id, out var first))
                throw Fail(line, $"node '{id}' coordinates are given again (first on line {first})");
            seen[id] = line.Number;
            _coordinates[id] = (Number(line, 1, $"node '{id}' x"), Number(line, 2, $"node '{id}' y"));
        }
    }

    private void ReadVertices()
    {
        foreach (var line in sections["VERTICES"])
        {
            Expect(line, 3, 3, $"vertex of '{InpSections.Shorten(line.Fields[0])}'", "link x y (one point a line, From to To)");
            LinkReference(line, 0, "link");
            var id = line.Fields[0];
            if (!_vertices.TryGetValue(id, out var points)) _vertices[id] = points = [];
            points.Add((Number(line, 1, $"link '{id}' vertex x"), Number(line, 2, $"link '{id}' vertex y")));
        }
    }
}
