using CityMesh.Simulation.Energy;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// A bus as the energy scenario sees it: its kind of load (LoadShapes' names) and whether it serves critical load; from
/// the twin also the PV and chargers already there, and its meter's day.
/// </summary>
/// <param name="LoadKind">"residential", "commercial" or "industrial": which daily shape its load follows.</param>
/// <param name="Critical">A hospital, a shelter or other load whose energy not served is reported apart.</param>
/// <param name="PresentPvKwp">PV there before any variant adds more, kWp: it produces in every run, as added PV does.</param>
/// <param name="PresentEvKw">Chargers there before any variant adds more, kW: they charge in every run, on the run's EV profile.</param>
/// <param name="HourlyShare">Per local hour of the day (0–23), its load's share of its peak as its meter shows it, every day; null: the built-in shape of <paramref name="LoadKind"/>.</param>
/// <param name="Entity">The twin entity it is; null for a file's bus.</param>
public sealed record GridBus(int Id, string Name, string LoadKind, bool Critical, double PresentPvKwp = 0, double PresentEvKw = 0,
    IReadOnlyList<double>? HourlyShare = null, string? Entity = null);

/// <summary>A feeder, by the branch at its head: its loading is the feeder's.</summary>
/// <param name="Branch">The head branch's index in <see cref="PowerGrid.Branches"/>.</param>
public sealed record GridFeeder(string Name, int Branch);

/// <summary>
/// The grid an energy scenario runs on, whatever it was read from: the <see cref="PowerGrid"/> (buses, generators,
/// branches; the power flow's input) and what the power flow does not know: per bus its name, kind of load and
/// whether it is critical; the feeders; per branch whether it is a transformer or a normally-open point (a tie switch
/// an operator may close), and its rating. A MATPOWER file produces one (<see cref="MatpowerGridSource"/>), as the
/// city's twin does (<see cref="TwinGridSource"/>); the runner sees only this.
/// </summary>
/// <param name="Buses">In the order of <see cref="PowerGrid.Buses"/>.</param>
/// <param name="Transformer">Per branch, in the order of <see cref="PowerGrid.Branches"/>.</param>
/// <param name="NormallyOpen">Per branch: open in normal operation, and may be closed to transfer load.</param>
/// <param name="RatingMva">Per branch, MVA; 0 where none is known (the spec's default applies); NaN where none applies (a link the source adds that is no plant: never loaded).</param>
/// <param name="Description">Where it came from, for the report.</param>
public sealed record EnergyGrid(
    PowerGrid Power, IReadOnlyList<GridBus> Buses, IReadOnlyList<GridFeeder> Feeders,
    IReadOnlyList<bool> Transformer, IReadOnlyList<bool> NormallyOpen, IReadOnlyList<double> RatingMva, string Description)
{
    /// <summary>What the source found that the figures do not say (how each bus's load was found), for every run's notes.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The ordinary day's mean temperature the source observed, °C, which replaces weather.baseCelsius; null: the spec's.</summary>
    public double? BaseCelsius { get; init; }

    /// <summary>The index of bus number <paramref name="id"/>, or -1.</summary>
    public int BusIndex(int id)
    {
        // Looked up per branch and interval: a map, built once per power grid (a copy made with `with` keeps it only
        // while its grid is the same).
        var (power, index) = _busIndex ?? default;
        if (!ReferenceEquals(power, Power))
        {
            index = new Dictionary<int, int>(Power.Buses.Count);
            for (int i = 0; i < Power.Buses.Count; i++) index.TryAdd(Power.Buses[i].Id, i);
            _busIndex = (Power, index);
        }
        return index!.GetValueOrDefault(id, -1);
    }

    private (PowerGrid Power, Dictionary<int, int> Index)? _busIndex;

    /// <summary>The index of the first branch between buses <paramref name="from"/> and <paramref name="to"/> (either way round), or -1.</summary>
    public int BranchIndex(int from, int to)
    {
        for (int k = 0; k < Power.Branches.Count; k++)
        {
            var b = Power.Branches[k];
            if ((b.From == from && b.To == to) || (b.From == to && b.To == from)) return k;
        }
        return -1;
    }

    public string BranchName(int k) => $"{Power.Branches[k].From}-{Power.Branches[k].To}";
}
