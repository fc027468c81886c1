namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// The hydraulic state of a network at one moment, by index (see <see cref="HydraulicNetwork"/>): heads at every node,
/// flows and states of links, the settings in force, the demands asked and delivered, emitter (leak) outflows, tank
/// volumes and the net inflow of every fixed-head node. Allocated once per run; solves and time steps write into it.
/// </summary>
internal sealed class HydraulicState
{
    public HydraulicState(HydraulicNetwork net)
    {
        Head = new double[net.Nodes];
        NetInflow = new double[net.Nodes];
        Excess = new double[net.Nodes];
        Flow = new double[net.Links];
        State = [.. net.InitialState];
        Setting = [.. net.InitialSetting];
        for (int k = 0; k < net.Links; k++)
            if (net.FixedValve[k]) Setting[k] = double.NaN;
        Demand = new double[net.Junctions];
        DemandFlow = new double[net.Junctions];
        EmitterFlow = new double[net.Junctions];
        TankVolume = new double[net.Tanks];
        for (int n = 0; n < net.Junctions + net.Reservoirs; n++) Head[n] = net.Elevation[n];
        for (int t = 0; t < net.Tanks; t++)
        {
            Head[net.Junctions + net.Reservoirs + t] = net.TankInitialHead[t];
            TankVolume[t] = net.Volume(t, net.TankInitialHead[t]);
        }
        // Starting flows as EPANET's: a pipe or valve at 1 ft/s, a pump at its design flow, a closed link at next to none.
        for (int k = 0; k < net.Links; k++)
        {
            if (State[k].IsClosed()) Flow[k] = HydraulicTolerances.ZeroFlow;
            else if (net.Kind[k] == LinkKind.Pump)
                Flow[k] = net.PumpFit[k] is { Custom: null } fit ? Math.Pow((fit.ShutoffHead - fit.ShutoffHead * 0.75) / fit.B, 1 / fit.N) : 1e-3;
            else Flow[k] = Math.PI * net.Diameter[k] * net.Diameter[k] / 4 * WaterUnits.Foot;
        }
        for (int j = 0; j < net.Junctions; j++) EmitterFlow[j] = net.Emitter[j] > 0 ? 1e-3 : 0;
    }

    public double[] Head { get; }
    /// <summary>Reservoirs and tanks: the net flow into them (m³/s); junctions: unused.</summary>
    public double[] NetInflow { get; }
    /// <summary>Each node's flow excess in the current iteration (in − out − demand), for the valves that hold a head.</summary>
    public double[] Excess { get; }
    public double[] Flow { get; }
    public LinkState[] State { get; }
    /// <summary>A pump's relative speed; a valve's setting, NaN when the valve is fixed open or closed.</summary>
    public double[] Setting { get; }
    /// <summary>What each junction asks for now (m³/s): base × pattern × multiplier.</summary>
    public double[] Demand { get; }
    /// <summary>What it gets: the demand, or less under pressure-driven demand.</summary>
    public double[] DemandFlow { get; }
    public double[] EmitterFlow { get; }
    public double[] TankVolume { get; }
}
