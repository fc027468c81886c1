namespace CityMesh.Simulation.Water;

/// <summary>
/// A water distribution network as EPANET holds it: junctions, reservoirs and tanks; pipes, pumps and valves between
/// them by id; patterns, simple controls, options and times; node positions where the file has them. Everything in SI
/// (m, m³/s, s, W). Built by <see cref="Inp.InpReader"/> or by hand; <see cref="Hydraulics"/> solves it.
/// </summary>
public sealed record WaterNetwork
{
    public string Title { get; init; } = "";
    public IReadOnlyList<WaterJunction> Junctions { get; init; } = [];
    public IReadOnlyList<WaterReservoir> Reservoirs { get; init; } = [];
    public IReadOnlyList<WaterTank> Tanks { get; init; } = [];
    public IReadOnlyList<WaterPipe> Pipes { get; init; } = [];
    public IReadOnlyList<WaterPump> Pumps { get; init; } = [];
    public IReadOnlyList<WaterValve> Valves { get; init; } = [];
    public IReadOnlyDictionary<string, WaterPattern> Patterns { get; init; } = new Dictionary<string, WaterPattern>();
    public IReadOnlyList<WaterControl> Controls { get; init; } = [];
    public WaterOptions Options { get; init; } = new();
    public WaterTimes Times { get; init; } = new();
    /// <summary>Node positions in the file's own plane (often not metres, nor geographic); absent nodes have none.</summary>
    public IReadOnlyDictionary<string, (double X, double Y)> Coordinates { get; init; } = new Dictionary<string, (double X, double Y)>();
    /// <summary>Interior points of links, in order from From to To.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(double X, double Y)>> Vertices { get; init; } = new Dictionary<string, IReadOnlyList<(double X, double Y)>>();

    public int NodeCount => Junctions.Count + Reservoirs.Count + Tanks.Count;
    public int LinkCount => Pipes.Count + Pumps.Count + Valves.Count;
}
