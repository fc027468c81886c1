namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// The status decisions made between gradient iterations, EPANET's rules: check valves shut against reverse flow; a
/// pump shuts when it faces more head than its shutoff head at its speed, and reopens when it no longer does; a link
/// shuts rather than fill a full tank or drain an empty one; PRVs and PSVs move between open, active and closed by
/// the heads about them; FCVs give up their setting when flow would reverse; junction-pressure controls act. Each
/// returns whether anything changed.
/// </summary>
internal static class StatusRules
{
    private const double HTol = HydraulicTolerances.Head;
    private const double QTol = HydraulicTolerances.Flow;

    public static bool Links(HydraulicNetwork net, HydraulicState s)
    {
        bool change = false;
        for (int k = 0; k < net.Links; k++)
        {
            int a = net.From[k], b = net.To[k];
            double dh = s.Head[a] - s.Head[b];
            var before = s.State[k];
            if (before is LinkState.ClosedOverHead or LinkState.ClosedTankLimit) s.State[k] = LinkState.Open;
            if (net.Kind[k] == LinkKind.CheckValvePipe && s.State[k] != LinkState.Closed)
            {
                var cv = CheckValve(s.State[k] == LinkState.ClosedCheck ? LinkState.Closed : LinkState.Open, dh, s.Flow[k]);
                s.State[k] = cv == LinkState.Closed ? LinkState.ClosedCheck : LinkState.Open;
            }
            if (net.Kind[k] == LinkKind.Pump && s.State[k] == LinkState.Open && s.Setting[k] > 0)
            {
                double shutoff = net.PumpFit[k] is { } fit ? s.Setting[k] * s.Setting[k] * fit.ShutoffHead : double.PositiveInfinity;
                if (-dh > shutoff + HTol) s.State[k] = LinkState.ClosedOverHead;
            }
            if (net.Kind[k] == LinkKind.Fcv && !double.IsNaN(s.Setting[k]))
            {
                if (dh < -HTol || s.Flow[k] < -QTol) s.State[k] = LinkState.Open;
                else if (before == LinkState.Open && s.Flow[k] >= s.Setting[k]) s.State[k] = LinkState.Active;
            }
            if (a >= net.Junctions || b >= net.Junctions) TankLink(net, s, k);
            if (s.State[k] != before) change = true;
        }
        return change;
    }

    /// <summary>EPANET's check valve rule: shut when the head falls the wrong way or the flow reverses.</summary>
    private static LinkState CheckValve(LinkState state, double dh, double q)
    {
        if (Math.Abs(dh) > HTol)
            return dh < -HTol || q < -QTol ? LinkState.Closed : LinkState.Open;
        return q < -QTol ? LinkState.Closed : state;
    }

    private static void TankLink(HydraulicNetwork net, HydraulicState s, int k)
    {
        if (s.State[k].IsClosed()) return;
        int a = net.From[k], b = net.To[k];
        // Two tanks: leave it to each one's own rules elsewhere (rare; EPANET treats it specially).
        if (net.IsTank(a) && net.IsTank(b)) return;
        int tankNode = net.IsTank(a) ? a : net.IsTank(b) ? b : -1;
        if (tankNode < 0) return;
        int other = tankNode == a ? b : a;
        int t = net.TankOf(tankNode);
        // Flow and head difference taken out of the tank.
        double q = tankNode == a ? s.Flow[k] : -s.Flow[k];
        double h = s.Head[tankNode] - s.Head[other];
        if (s.Head[tankNode] >= net.TankMaxHead[t] - HTol)
        {
            if (net.Kind[k] == LinkKind.Pump) { if (b == tankNode) s.State[k] = LinkState.ClosedTankLimit; }
            // Would a check valve out of the tank close? Then water is going in: shut.
            else if (CheckValve(LinkState.Open, h, q) == LinkState.Closed) s.State[k] = LinkState.ClosedTankLimit;
        }
        if (s.Head[tankNode] <= net.TankMinHead[t] + HTol)
        {
            if (net.Kind[k] == LinkKind.Pump) { if (a == tankNode) s.State[k] = LinkState.ClosedTankLimit; }
            // Would a check valve out of the tank open? Then water would leave an empty tank: shut.
            else if (CheckValve(LinkState.Closed, h, q) == LinkState.Open) s.State[k] = LinkState.ClosedTankLimit;
        }
    }

    /// <summary>PRVs and PSVs acting on a setting: open, active or closed by the heads about them.</summary>
    public static bool Valves(HydraulicNetwork net, HydraulicState s)
    {
        bool change = false;
        for (int k = 0; k < net.Links; k++)
        {
            if (net.Kind[k] is not (LinkKind.Prv or LinkKind.Psv) || double.IsNaN(s.Setting[k])) continue;
            int a = net.From[k], b = net.To[k];
            double h1 = s.Head[a], h2 = s.Head[b], q = s.Flow[k];
            double openLoss = net.MinorLoss[k] * q * q;
            var before = s.State[k];
            var now = before;
            if (net.Kind[k] == LinkKind.Prv)
            {
                double hset = net.Elevation[b] + s.Setting[k];
                now = before switch
                {
                    LinkState.Active => q < -QTol ? LinkState.Closed : h1 - openLoss < hset - HTol ? LinkState.Open : LinkState.Active,
                    LinkState.Open => q < -QTol ? LinkState.Closed : h2 >= hset + HTol ? LinkState.Active : LinkState.Open,
                    LinkState.Closed => h1 >= hset + HTol && h2 < hset - HTol ? LinkState.Active
                        : h1 < hset - HTol && h1 > h2 + HTol ? LinkState.Open : LinkState.Closed,
                    _ => before,
                };
            }
            else
            {
                double hset = net.Elevation[a] + s.Setting[k];
                now = before switch
                {
                    LinkState.Active => q < -QTol ? LinkState.Closed : h2 + openLoss > hset + HTol ? LinkState.Open : LinkState.Active,
                    LinkState.Open => q < -QTol ? LinkState.Closed : h1 < hset - HTol ? LinkState.Active : LinkState.Open,
                    LinkState.Closed => h2 > hset + HTol && h1 > h2 + HTol ? LinkState.Open
                        : h1 >= hset + HTol && h1 > h2 + HTol ? LinkState.Active : LinkState.Closed,
                    _ => before,
                };
            }
            if (now != before) { s.State[k] = now; change = true; }
        }
        return change;
    }

    /// <summary>Controls on a junction's pressure, judged on the converged heads (EPANET's pswitch).</summary>
    public static bool JunctionControls(HydraulicNetwork net, HydraulicState s)
    {
        bool change = false;
        foreach (var c in net.Controls)
        {
            if (c.Node < 0 || c.Node >= net.Junctions) continue;
            bool fire = c.Trigger == ControlTrigger.HeadBelow ? s.Head[c.Node] <= c.Head + HTol
                : c.Trigger == ControlTrigger.HeadAbove && s.Head[c.Node] >= c.Head - HTol;
            if (fire && ControlActions.Apply(net, s, c)) change = true;
        }
        return change;
    }
}
