namespace CityMesh.Simulation.Water.Inp;

/// <summary>
/// [CONTROLS], EPANET's simple controls:
/// <c>LINK id OPEN|CLOSED|value IF NODE id ABOVE|BELOW value</c>, <c>LINK id OPEN|CLOSED|value AT TIME t</c> and
/// <c>LINK id OPEN|CLOSED|value AT CLOCKTIME t [AM|PM]</c>. A value is a pump's relative speed or a valve's setting
/// (converted as in [VALVES]); a pipe is only opened or closed and a check valve not at all. A node's value is a level
/// above a tank's bottom (or a reservoir's head), a pressure at a junction; it is held as a head.
/// </summary>
internal sealed partial class InpParser
{
    private void ReadControls()
    {
        const string layout = "LINK id OPEN|CLOSED|value IF NODE id ABOVE|BELOW value, LINK id OPEN|CLOSED|value AT TIME t, or LINK id OPEN|CLOSED|value AT CLOCKTIME t [AM|PM]";
        foreach (var line in sections["CONTROLS"])
        {
            if (!Is(line.Fields[0], "LINK"))
                throw Fail(line, $"a control starts with LINK, not '{InpSections.Shorten(line.Fields[0])}' ({layout})");
            Expect(line, 6, 8, "the control", layout);
            var link = LinkReference(line, 1, "control link");
            var id = line.Fields[1];
            var (status, setting) = ControlAction(line, link, id);

            WaterControl control;
            if (Is(line.Fields[3], "IF"))
            {
                Expect(line, 8, 8, "the node control", "LINK id OPEN|CLOSED|value IF NODE id ABOVE|BELOW value");
                if (!Is(line.Fields[4], "NODE"))
                    throw Fail(line, $"control of link '{id}': 'IF {InpSections.Shorten(line.Fields[4])}' should be 'IF NODE'");
                var node = NodeReference(line, 5, "control node");
                var trigger = Is(line.Fields[6], "ABOVE") ? ControlTrigger.HeadAbove
                    : Is(line.Fields[6], "BELOW") ? ControlTrigger.HeadBelow
                    : throw Fail(line, $"control of link '{id}': '{InpSections.Shorten(line.Fields[6])}' is not ABOVE or BELOW");
                var what = node.Kind == NodeKind.Junction ? $"control of link '{id}' pressure" : $"control of link '{id}' level";
                var value = Number(line, 7, what);
                var head = node.Head + value * (node.Kind == NodeKind.Junction ? _pressure : _length);
                control = new WaterControl(id, status, setting, trigger, line.Fields[5], head);
            }
            else if (Is(line.Fields[3], "AT"))
            {
                if (Is(line.Fields[4], "TIME"))
                    control = new WaterControl(id, status, setting, ControlTrigger.AtTime, Time: Time(line, 5, $"control of link '{id}' time", clock: false));
                else if (Is(line.Fields[4], "CLOCKTIME"))
                    control = new WaterControl(id, status, setting, ControlTrigger.AtClockTime, Time: Time(line, 5, $"control of link '{id}' clock time", clock: true));
                else
                    throw Fail(line, $"control of link '{id}': 'AT {InpSections.Shorten(line.Fields[4])}' should be 'AT TIME' or 'AT CLOCKTIME'");
            }
            else
                throw Fail(line, $"control of link '{id}': '{InpSections.Shorten(line.Fields[3])}' should be IF or AT ({layout})");
            _controls.Add(control);
        }
    }

    /// <summary>What a control does to its link: a status, or a setting in SI.</summary>
    private (LinkStatus? Status, double? Setting) ControlAction(InpLine line, LinkEntry link, string id)
    {
        var value = line.Fields[2];
        if (link.Kind == LinkKind.Pipe && _pipes[link.Index].CheckValve)
            throw Fail(line, $"control of pipe '{id}': a check valve (CV) cannot be controlled");
        if (Is(value, "OPEN")) return (LinkStatus.Open, null);
        if (Is(value, "CLOSED")) return (LinkStatus.Closed, null);
        return link.Kind switch
        {
            LinkKind.Pipe => throw Fail(line, $"control of pipe '{id}' sets '{InpSections.Shorten(value)}'; a pipe is only OPEN or CLOSED"),
            LinkKind.Pump => (null, NonNegative(line, 2, $"control of pump '{id}' speed")),
            _ => (null, ValveSetting(line, 2, _valves[link.Index].Type, $"control of valve '{id}'")),
        };
    }
}
