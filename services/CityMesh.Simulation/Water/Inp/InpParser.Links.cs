namespace CityMesh.Simulation.Water.Inp;

/// <summary>The links ([PIPES], [PUMPS], [VALVES]) and their initial [STATUS].</summary>
internal sealed partial class InpParser
{
    private void ReadPipes()
    {
        const string layout = "id node1 node2 length diameter roughness [minorloss] [OPEN|CLOSED|CV]";
        foreach (var line in sections["PIPES"])
        {
            Expect(line, 6, 8, $"pipe '{InpSections.Shorten(line.Fields[0])}'", layout);
            var id = NewId(line, "pipe", node: false);
            var what = $"pipe '{id}'";
            var (from, to) = Ends(line, what);
            var length = Positive(line, 3, $"{what} length") * _length;
            var diameter = Positive(line, 4, $"{what} diameter") * _diameter;
            var roughness = (_options.HeadLoss == HeadLossFormula.DarcyWeisbach
                ? NonNegative(line, 5, $"{what} roughness")
                : Positive(line, 5, $"{what} roughness")) * _roughness;
            double minorLoss = 0;
            string? status = null;
            if (line.Count == 7 && IsPipeStatus(line.Fields[6])) status = line.Fields[6];
            else if (line.Count >= 7) minorLoss = NonNegative(line, 6, $"{what} minor loss");
            if (line.Count == 8) status = line.Fields[7];
            if (status is not null && !IsPipeStatus(status))
                throw Fail(line, $"{what} status '{InpSections.Shorten(status)}' is not OPEN, CLOSED or CV");
            _links[id] = new LinkEntry(LinkKind.Pipe, _pipes.Count, line);
            _pipes.Add(new WaterPipe(id, from, to, length, diameter, roughness, minorLoss,
                status is not null && Is(status, "CLOSED") ? LinkStatus.Closed : LinkStatus.Open,
                CheckValve: status is not null && Is(status, "CV")));
        }

        static bool IsPipeStatus(string token) => Is(token, "OPEN") || Is(token, "CLOSED") || Is(token, "CV");
    }

    /// <summary>[PUMPS]: <c>id node1 node2</c> then keyword-value pairs: HEAD curve or POWER value (one of them), SPEED value, PATTERN id.</summary>
    private void ReadPumps()
    {
        const string layout = "id node1 node2 HEAD curve|POWER value [SPEED value] [PATTERN id]";
        foreach (var line in sections["PUMPS"])
        {
            Expect(line, 3, int.MaxValue, $"pump '{InpSections.Shorten(line.Fields[0])}'", layout);
            var id = NewId(line, "pump", node: false);
            var what = $"pump '{id}'";
            var (from, to) = Ends(line, what);
            if ((line.Count - 3) % 2 != 0)
                throw Fail(line, $"{what} keyword '{InpSections.Shorten(line.Fields[^1])}' has no value after it ({layout})");
            WaterCurve? head = null;
            double power = 0, speed = 1;
            string? pattern = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 3; i < line.Count; i += 2)
            {
                var key = line.Fields[i].ToUpperInvariant();
                if (key is "HEAD" or "POWER" or "SPEED" or "PATTERN" && !seen.Add(key))
                    throw Fail(line, $"{what} gives {key} twice");
                switch (key)
                {
                    case "HEAD":
                        head = PumpCurve(line, i + 1, id);
                        break;
                    case "POWER":
                        power = Positive(line, i + 1, $"{what} POWER") * _power;
                        break;
                    case "SPEED":
                        speed = NonNegative(line, i + 1, $"{what} SPEED");
                        break;
                    case "PATTERN":
                        pattern = PatternReference(line, i + 1, $"{what} speed");
                        break;
                    default:
                        throw Fail(line, $"{what} keyword '{InpSections.Shorten(line.Fields[i])}' is not HEAD, POWER, SPEED or PATTERN");
                }
            }
            if (head is null && power == 0)
                throw Fail(line, $"{what} has neither a HEAD curve nor a POWER; give one ({layout})");
            if (head is not null && power > 0)
                throw Fail(line, $"{what} has both a HEAD curve and a POWER; give one");
            _links[id] = new LinkEntry(LinkKind.Pump, _pumps.Count, line);
            _pumps.Add(new WaterPump(id, from, to, head, power, speed, pattern));
        }
    }

    /// <summary>
    /// A pump's head curve in SI, its points kept as they are (one point or three fit a power function, more are
    /// joined by straight lines): the head must fall as the flow rises, and a one-point curve needs a flow and a head.
    /// </summary>
    private WaterCurve PumpCurve(InpLine line, int index, string pump)
    {
        var curve = CurveReference(line, index, $"pump '{pump}' HEAD");
        var role = $"curve '{curve.Id}' (pump '{pump}''s head curve)";
        if (curve.X.Count == 1 && !(curve.X[0] > 0 && curve.Y[0] > 0))
            throw Fail(curve.Lines[0], $"{role}: a one-point curve needs a flow and a head above 0, found {Text(curve.X[0])} and {Text(curve.Y[0])}");
        for (int k = 1; k < curve.X.Count; k++)
            if (!(curve.Y[k] < curve.Y[k - 1]))
                throw Fail(curve.Lines[k], $"{role}: head {Text(curve.Y[k])} at flow {Text(curve.X[k])} is not below the head {Text(curve.Y[k - 1])} at the flow before; a pump's head must fall as its flow rises");
        return curve.ToSi(_flow, _length);
    }

    /// <summary>[VALVES]: <c>id node1 node2 diameter type setting [minorloss]</c>; a GPV's setting is its head-loss curve's id.</summary>
    private void ReadValves()
    {
        const string layout = "id node1 node2 diameter PRV|PSV|PBV|FCV|TCV|GPV setting [minorloss]";
        foreach (var line in sections["VALVES"])
        {
            Expect(line, 6, 7, $"valve '{InpSections.Shorten(line.Fields[0])}'", layout);
            var id = NewId(line, "valve", node: false);
            var what = $"valve '{id}'";
            var (from, to) = Ends(line, what);
            var diameter = Positive(line, 3, $"{what} diameter") * _diameter;
            var type = line.Fields[4].ToUpperInvariant() switch
            {
                "PRV" => ValveType.Prv,
                "PSV" => ValveType.Psv,
                "PBV" => ValveType.Pbv,
                "FCV" => ValveType.Fcv,
                "TCV" => ValveType.Tcv,
                "GPV" => ValveType.Gpv,
                _ => throw Fail(line, $"{what} type '{InpSections.Shorten(line.Fields[4])}' is not PRV, PSV, PBV, FCV, TCV or GPV"),
            };
            if (type is ValveType.Prv or ValveType.Psv or ValveType.Fcv)
                foreach (var end in new[] { from, to })
                    if (_nodes[end].Kind != NodeKind.Junction)
                        throw Fail(line, $"{what} is a {type.ToString().ToUpperInvariant()} joined directly to {Describe(_nodes[end].Kind)} '{end}'; EPANET cannot solve that: put a pipe between them");
            double setting = 0;
            WaterCurve? curve = null;
            if (type == ValveType.Gpv)
                curve = CurveReference(line, 5, $"{what} head-loss").ToSi(_flow, _length);
            else
                setting = ValveSetting(line, 5, type, what);
            var minorLoss = line.Count > 6 ? NonNegative(line, 6, $"{what} minor loss") : 0;
            _links[id] = new LinkEntry(LinkKind.Valve, _valves.Count, line);
            _valves.Add(new WaterValve(id, from, to, diameter, type, setting, minorLoss, null, curve));
        }
    }

    /// <summary>A valve's numeric setting in SI: a pressure (PRV, PSV, PBV) as m of head, a flow (FCV) in m³/s, a TCV's loss coefficient.</summary>
    private double ValveSetting(InpLine line, int index, ValveType type, string what) => type switch
    {
        ValveType.Prv or ValveType.Psv or ValveType.Pbv => Number(line, index, $"{what} setting") * _pressure,
        ValveType.Fcv => NonNegative(line, index, $"{what} setting") * _flow,
        ValveType.Tcv => NonNegative(line, index, $"{what} setting"),
        _ => throw Fail(line, $"{what} is a GPV: its setting is a head-loss curve's id, not '{InpSections.Shorten(line.Fields[index])}'"),
    };

    /// <summary>A link's two nodes: defined, and not the same.</summary>
    private (string From, string To) Ends(InpLine line, string what)
    {
        NodeReference(line, 1, $"{what} start node");
        NodeReference(line, 2, $"{what} end node");
        if (line.Fields[1] == line.Fields[2])
            throw Fail(line, $"{what} starts and ends at the same node '{InpSections.Shorten(line.Fields[1])}'");
        return (line.Fields[1], line.Fields[2]);
    }

    /// <summary>
    /// [STATUS]: <c>link OPEN|CLOSED|ACTIVE|value</c>, the status at the start of a run: a pipe OPEN or CLOSED (not a
    /// check valve's), a pump OPEN, CLOSED or a relative speed (0 closes it), a valve OPEN or CLOSED (fixed) or ACTIVE
    /// or a setting (acting on it). A later line for the same link wins.
    /// </summary>
    private void ReadStatus()
    {
        foreach (var line in sections["STATUS"])
        {
            Expect(line, 2, 2, $"status of '{InpSections.Shorten(line.Fields[0])}'", "link OPEN|CLOSED|ACTIVE|setting");
            var link = LinkReference(line, 0, "link");
            var id = line.Fields[0];
            var value = line.Fields[1];
            LinkStatus? status = Is(value, "OPEN") ? LinkStatus.Open : Is(value, "CLOSED") ? LinkStatus.Closed : null;
            switch (link.Kind)
            {
                case LinkKind.Pipe:
                    var pipe = _pipes[link.Index];
                    if (pipe.CheckValve) throw Fail(line, $"pipe '{id}' is a check valve (CV); its status cannot be set");
                    if (status is null) throw Fail(line, $"pipe '{id}' status '{InpSections.Shorten(value)}' is not OPEN or CLOSED");
                    _pipes[link.Index] = pipe with { Status = status.Value };
                    break;
                case LinkKind.Pump:
                    var pump = _pumps[link.Index];
                    if (status is { } s) _pumps[link.Index] = pump with { Status = s };
                    else if (Is(value, "ACTIVE")) throw Fail(line, $"pump '{id}' status ACTIVE is for valves; a pump is OPEN, CLOSED or given a speed");
                    else
                    {
                        var speed = NonNegative(line, 1, $"pump '{id}' speed");
                        _pumps[link.Index] = pump with { Speed = speed, Status = speed == 0 ? LinkStatus.Closed : LinkStatus.Open };
                    }
                    break;
                default:
                    var valve = _valves[link.Index];
                    if (status is not null || Is(value, "ACTIVE")) _valves[link.Index] = valve with { Status = status };
                    else _valves[link.Index] = valve with { Setting = ValveSetting(line, 1, valve.Type, $"valve '{id}'"), Status = null };
                    break;
            }
        }
    }
}
