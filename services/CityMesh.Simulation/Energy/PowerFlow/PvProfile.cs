namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// Rooftop or feeder PV output per interval and bus, MW, interval-major like <see cref="LoadProfile"/>
/// (<c>Mw[interval * Buses + bus]</c>): injected at unity power factor, i.e. taken off the bus's load (a negative load),
/// so a bus whose PV exceeds its load exports.
/// </summary>
public sealed record PvProfile(int Intervals, int Buses, double[] Mw)
{
    public PvProfile Validate()
    {
        if (Mw.Length != (long)Intervals * Buses)
            throw new ArgumentException($"{Mw.Length} PV outputs for {Intervals} intervals of {Buses} buses; {(long)Intervals * Buses} are needed");
        for (int i = 0; i < Mw.Length; i++)
            if (!(Mw[i] >= 0) || !double.IsFinite(Mw[i]))
                throw new ArgumentException($"interval {i / Buses}, bus index {i % Buses}: PV output {Mw[i]} MW is not a finite number from 0");
        return this;
    }
}
