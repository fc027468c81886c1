namespace CityMesh.Simulation.Energy.Twin;

/// <summary>
/// The grid solved at one instant, in the grid's own element order (structure of arrays). A bus no source reaches is
/// not energised: its voltage is NaN and its load is not served. Elements of an island whose power flow failed are
/// NaN too, and the island is in <see cref="Failures"/>.
/// </summary>
/// <param name="VoltagePu">Per bus, pu of its nominal voltage.</param>
/// <param name="Energised">Per bus: a source reaches it through closed elements.</param>
/// <param name="LineKw">Per line, the real power entering at its from end, kW (negative: flowing the other way).</param>
/// <param name="LineLoadingPercent">Per line, the larger end's apparent power over its rating.</param>
/// <param name="TransformerLoadingPercent">Per transformer, the same.</param>
/// <param name="SwitchKw">Per switch, the real power through it when closed, kW; 0 when open.</param>
public sealed record GridState(
    double[] VoltagePu, bool[] Energised,
    double[] LineKw, double[] LineLoadingPercent,
    double[] TransformerKw, double[] TransformerLoadingPercent,
    double[] SwitchKw, double[] SwitchLoadingPercent,
    IReadOnlyList<FeederState> Feeders,
    double LossKw, double UnservedKw,
    IReadOnlyList<IslandFailure> Failures);

/// <summary>A feeder now: what its head line carries, against its rating, and its lowest voltage with its bus.</summary>
public sealed record FeederState(string Id, double LoadKw, double LoadingPercent, double LowestVoltagePu, string? LowestBus, bool Energised);

/// <summary>An island whose power flow did not solve, named by its source bus, and why.</summary>
public sealed record IslandFailure(string SourceBus, IReadOnlyList<string> Buses, string Reason);
