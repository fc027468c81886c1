using CityMesh.Contracts.Geo;

namespace CityMesh.Simulation.Energy.Twin;

/// <summary>
/// A city's distribution grid as the twin holds it (CIM's names, field units: kV, kW, ohm), the input of the live power
/// flow and of a scenario read from the twin. Every substation feeds its own radial network; normally-open switches
/// between feeders close only to restore supply (<see cref="GridPowerFlow"/>).
/// </summary>
public sealed record CityGrid(
    IReadOnlyList<GridSubstation> Substations,
    IReadOnlyList<GridBus> Buses,
    IReadOnlyList<GridLine> Lines,
    IReadOnlyList<GridTransformer> Transformers,
    IReadOnlyList<GridSwitch> Switches,
    IReadOnlyList<GridFeeder> Feeders)
{
    /// <summary>An empty grid: the twin holds none.</summary>
    public static readonly CityGrid Empty = new([], [], [], [], [], []);
}

/// <summary>A substation (the twin's <c>Substation</c>): its transformers' total rating, kVA.</summary>
public sealed record GridSubstation(string Id, string Name, double RatedKva, Position? Location = null);

/// <summary>
/// A bus (<c>BusbarSection</c>): a substation's busbar or a secondary substation along a feeder.
/// </summary>
/// <param name="Source">The bus the transmission grid holds at <see cref="SetpointPu"/>: a substation's high-voltage side, the slack of its island.</param>
/// <param name="PeakKw">The peak demand of what it supplies (planning figure); the live load comes from its meter.</param>
/// <param name="Critical">It supplies a hospital or a shelter: never shed.</param>
public sealed record GridBus(string Id, string Substation, double NominalKv, Position? Location = null, string? Feeder = null,
    bool Source = false, double SetpointPu = 1.0, double PeakKw = 0, bool Critical = false, string? Name = null);

/// <summary>A line (<c>ACLineSegment</c>) from bus to bus: series impedance in ohm, its thermal rating in kVA.</summary>
public sealed record GridLine(string Id, string From, string To, double ResistanceOhm, double ReactanceOhm, double RatedKva,
    double LengthMetres = 0, string? Feeder = null, bool InService = true);

/// <summary>
/// A transformer (<c>PowerTransformer</c>) from its high-voltage bus to its low-voltage bus: rating in kVA, resistance and
/// reactance in per unit of its own rating (as nameplates give them).
/// </summary>
public sealed record GridTransformer(string Id, string Substation, string From, string To, double RatedKva, double ResistancePu, double ReactancePu,
    bool InService = true);

/// <summary>
/// A switch (<c>Switch</c>) from bus to bus with the cable it closes onto (ohm, kVA): a normally-open point between
/// feeders, or a sectionaliser along one.
/// </summary>
public sealed record GridSwitch(string Id, string From, string To, double ResistanceOhm, double ReactanceOhm, double RatedKva,
    bool NormalOpen, bool Open);

/// <summary>A feeder (<c>Feeder</c>) leaving a substation's busbar by its head line; its rating is the head line's.</summary>
public sealed record GridFeeder(string Id, string Substation, string Name, string HeadBus, string HeadLine, double RatedKva);
