namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// What a simple control does to its link, EPANET's way: OPEN on a pump runs it at speed 1 and CLOSED stops it; a
/// number on a pump is its speed; a number on a valve is its setting (and the valve acts on it); OPEN or CLOSED on a
/// valve fixes it so; on a pipe, its status.
/// </summary>
internal static class ControlActions
{
    /// <summary>Applies the control; true when it changed the link's status or setting.</summary>
    public static bool Apply(HydraulicNetwork net, HydraulicState s, CompiledControl c)
    {
        var (state, setting) = Target(net, s, c);
        int k = c.Link;
        bool sameSetting = setting.Equals(s.Setting[k]);
        bool sameState = state == s.State[k] || (state == LinkState.Closed && s.State[k].IsClosed() && s.State[k] != LinkState.ClosedTankLimit && s.State[k] != LinkState.ClosedOverHead);
        if (sameSetting && sameState) return false;
        s.State[k] = state;
        s.Setting[k] = setting;
        return true;
    }

    /// <summary>Whether applying the control would change anything (the time-step search skips controls that would not).</summary>
    public static bool WouldChange(HydraulicNetwork net, HydraulicState s, CompiledControl c)
    {
        var (state, setting) = Target(net, s, c);
        int k = c.Link;
        return !setting.Equals(s.Setting[k]) || state.IsClosed() != s.State[k].IsClosed();
    }

    private static (LinkState State, double Setting) Target(HydraulicNetwork net, HydraulicState s, CompiledControl c)
    {
        int k = c.Link;
        var kind = net.Kind[k];
        if (kind == LinkKind.Pump)
        {
            double speed = c.Setting ?? (c.Status == LinkStatus.Open ? 1 : 0);
            return (speed > 0 ? LinkState.Open : LinkState.Closed, speed);
        }
        if (kind is LinkKind.Pipe or LinkKind.CheckValvePipe)
            return (c.Status == LinkStatus.Closed ? LinkState.Closed : LinkState.Open, s.Setting[k]);
        if (c.Setting is { } value)
            return (kind is LinkKind.Prv or LinkKind.Psv or LinkKind.Fcv ? LinkState.Active : LinkState.Open, value);
        return (c.Status == LinkStatus.Closed ? LinkState.Closed : LinkState.Open, double.NaN);
    }
}
