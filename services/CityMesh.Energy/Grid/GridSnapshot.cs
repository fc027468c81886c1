using CityMesh.Contracts.Energy;

namespace CityMesh.Energy.Grid;

/// <summary>What the live power flow last solved, for the energy API and the dashboard.</summary>
/// <param name="At">The city's time of the solve (the clock).</param>
/// <param name="Metered">Buses solved at their meter's reading; the others at their planned peak.</param>
public sealed record GridSnapshot(
    DateTimeOffset At, int Substations, int Buses, int Metered, int Lines, int Feeders,
    double LoadKw, double LossKw, double UnservedKw, double? LowestVoltagePu, string? LowestBus,
    IReadOnlyList<FeederSnapshot> FeederStates, IReadOnlyList<TransformerSnapshot> Transformers,
    IReadOnlyList<GridViolation> Violations, IReadOnlyList<string> Failures, IReadOnlyList<string> Shed,
    IReadOnlyList<SubstationSnapshot> SubstationStates);

/// <summary>A substation: what its transformers carry (its feeders' sum where the twin holds none), against their rating.</summary>
public sealed record SubstationSnapshot(string Id, string Name, double LoadKw, double RatedKva, double? LoadingPercent);

public sealed record FeederSnapshot(string Id, string Name, string Substation, double LoadKw, double RatedKva, double LoadingPercent,
    double? LowestVoltagePu, string? LowestBus, bool Energised);

public sealed record TransformerSnapshot(string Id, string Substation, double LoadKw, double RatedKva, double LoadingPercent);
