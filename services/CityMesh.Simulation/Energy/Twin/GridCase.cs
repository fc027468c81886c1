namespace CityMesh.Simulation.Energy.Twin;

/// <summary>What a branch of a <see cref="GridCase"/> is in the city's grid.</summary>
public enum GridCaseElement
{
    Line,
    Transformer,
    Switch,

    /// <summary>Not plant: the link a case adds from its one slack to each source where the grid has several.</summary>
    SourceLink,
}

/// <summary>A branch of a <see cref="GridCase"/>: the element it is, its rating, and whether it is a normally-open point.</summary>
/// <param name="Id">The element's local id (a source link's: <c>source:{bus}</c>).</param>
/// <param name="RatingMva">Its thermal rating, MVA; 0 where the twin gives none; NaN for a source link, which no rating applies to.</param>
/// <param name="NormallyOpen">A switch open in normal operation (<c>normalOpen</c>), which an operator may close to transfer load.</param>
public sealed record GridCaseBranch(string Id, GridCaseElement Element, double RatingMva, bool NormallyOpen);

/// <summary>
/// A city's grid (<see cref="CityGrid"/>) as one power-flow case, and the one conversion of its elements to per unit that
/// every power flow of a city grid uses (<see cref="GridPowerFlow"/>'s islands and a scenario's grid read from the
/// twin): buses on their nominal voltage, lines and switches from ohm on the from bus's voltage, transformers from per
/// unit of their own rating, all on <see cref="GridPowerFlow.BaseMva"/>; a load's reactive power at
/// <see cref="GridPowerFlow.LoadPowerFactor"/> where it is not metered, an export's at unity.
/// <para>
/// In the whole case the buses are numbered 1.. in the natural order of their ids (digit runs compared as numbers, so a
/// MATPOWER case imported as <c>case-bus1</c>…<c>case-bus33</c> keeps its numbers). Branches are the lines, the
/// transformers and the switches in the grid's order, each in service as the grid is normally operated (a switch
/// closed unless normally open, whatever it is now), then the source links. A grid fed at one source has it as the
/// slack; one fed at several (a city's substations) gets a slack of its own beyond them, the transmission grid, joined
/// to each source by a link of 1e-5 + 1e-5j pu whose ratio holds that source at its set point, so each substation feeds
/// its own radial network as in the live power flow.
/// </para>
/// </summary>
/// <param name="Power">The case: buses in number order, one generator at the slack, branches as above.</param>
/// <param name="BusIds">Per bus of <see cref="Power"/>, the grid bus's id (null for the transmission grid's slack).</param>
/// <param name="BusIndex">Per bus of <see cref="Power"/>, its index in <see cref="CityGrid.Buses"/> (-1 for the transmission grid's slack).</param>
/// <param name="Branches">Per branch of <see cref="Power"/>, what it is.</param>
/// <param name="Feeders">Each feeder of the grid by its id, with its head line's branch (feeders whose head line is not a line of the grid left out).</param>
public sealed record GridCase(
    PowerGrid Power, IReadOnlyList<string?> BusIds, IReadOnlyList<int> BusIndex, IReadOnlyList<GridCaseBranch> Branches,
    IReadOnlyList<(string Id, int Branch)> Feeders)
{
    /// <summary>The impedance of a source link, pu: negligible beside any element of the grid, as a scenario's service connections.</summary>
    public const double LinkImpedance = 1e-5;

    /// <summary>Lines, then transformers, then switches: the element numbering every power flow of a city grid shares.</summary>
    public static int Elements(CityGrid grid) => grid.Lines.Count + grid.Transformers.Count + grid.Switches.Count;

    /// <summary>Element <paramref name="element"/>'s id and the ids of the buses it joins.</summary>
    public static (string Id, string From, string To) Element(CityGrid grid, int element)
    {
        int lines = grid.Lines.Count, transformers = grid.Transformers.Count;
        if (element < lines) return (grid.Lines[element].Id, grid.Lines[element].From, grid.Lines[element].To);
        if (element < lines + transformers)
        {
            var t = grid.Transformers[element - lines];
            return (t.Id, t.From, t.To);
        }
        var s = grid.Switches[element - lines - transformers];
        return (s.Id, s.From, s.To);
    }

    /// <summary>A grid bus as bus <paramref name="number"/> of a case, drawing <paramref name="loadKw"/>.</summary>
    /// <param name="loadKvar">Its metered reactive power, kvar; null: at <see cref="GridPowerFlow.LoadPowerFactor"/> for a load, unity for an export.</param>
    public static Bus Bus(GridBus bus, int number, BusType type, double loadKw, double? loadKvar = null)
    {
        var p = loadKw / 1000;
        var q = loadKvar is { } kvar ? kvar / 1000 : p > 0 ? p * TanPhi : 0;
        return new Bus(number, type, p, q, 0, 0, bus.Source ? bus.SetpointPu : 1, 0, bus.NominalKv, 1.1, 0.9);
    }

    /// <summary>Element <paramref name="element"/> (<see cref="Elements"/>' numbering) as a branch from bus number <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="fromKv">The nominal voltage of the element's from bus, kV: a line's or a switch's ohm are per unit of it.</param>
    public static Branch Branch(CityGrid grid, int element, int from, int to, double fromKv, bool inService = true)
    {
        int lines = grid.Lines.Count, transformers = grid.Transformers.Count;
        if (element < lines)
        {
            var l = grid.Lines[element];
            return Cable(from, to, fromKv, l.ResistanceOhm, l.ReactanceOhm, l.RatedKva, inService);
        }
        if (element < lines + transformers)
        {
            // Nameplate impedance is per unit of the transformer's own rating: rescaled to the system base.
            var t = grid.Transformers[element - lines];
            var scale = GridPowerFlow.BaseMva / (t.RatedKva / 1000);
            return new Branch(from, to, t.ResistancePu * scale, Math.Max(t.ReactancePu * scale, 1e-6), 0, t.RatedKva / 1000, 1, 0, inService);
        }
        var s = grid.Switches[element - lines - transformers];
        return Cable(from, to, fromKv, s.ResistanceOhm, s.ReactanceOhm, s.RatedKva, inService);
    }

    private static Branch Cable(int from, int to, double kv, double r, double x, double ratedKva, bool inService)
    {
        var zBase = kv * kv / GridPowerFlow.BaseMva;
        // A switch or busbar link with no impedance still needs some for the power flow: a micro-ohm.
        return new Branch(from, to, r / zBase, Math.Max(x, 1e-6) / zBase, 0, ratedKva / 1000, 1, 0, inService);
    }

    private static readonly double TanPhi = Math.Tan(Math.Acos(GridPowerFlow.LoadPowerFactor));

    /// <summary>The whole grid as one case, each bus drawing <paramref name="loadKw"/> (in <see cref="CityGrid.Buses"/>' order).</summary>
    /// <param name="name">The case's name.</param>
    /// <exception cref="ArgumentException">The grid has no source bus, a bus twice, or an element joining a bus it lacks.</exception>
    public static GridCase Of(CityGrid grid, IReadOnlyList<double> loadKw, string name)
    {
        var n = grid.Buses.Count;
        if (loadKw.Count != n) throw new ArgumentException($"{loadKw.Count} loads for {n} buses", nameof(loadKw));
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
            if (!index.TryAdd(grid.Buses[i].Id, i)) throw new ArgumentException($"bus '{grid.Buses[i].Id}' appears twice in the grid", nameof(grid));
        var order = Enumerable.Range(0, n).OrderBy(i => grid.Buses[i].Id, NaturalOrder.Instance).ToArray();
        var number = new int[n];
        for (var k = 0; k < n; k++) number[order[k]] = k + 1;
        var sources = order.Where(i => grid.Buses[i].Source).ToList();
        if (sources.Count == 0) throw new ArgumentException("the grid has no source bus (a substation's busbar the transmission grid holds: source true)", nameof(grid));
        var transmission = sources.Count > 1 ? n + 1 : 0;

        var buses = new List<Bus>(n + 1);
        foreach (var i in order)
            buses.Add(Bus(grid.Buses[i], number[i], sources.Count == 1 && i == sources[0] ? BusType.Slack : BusType.PQ, loadKw[i]));
        var slackBus = sources.Count == 1 ? number[sources[0]] : transmission;
        var slackVm = sources.Count == 1 ? grid.Buses[sources[0]].SetpointPu : 1.0;
        if (transmission > 0) buses.Add(new Bus(transmission, BusType.Slack, 0, 0, 0, 0, 1, 0, grid.Buses[sources[0]].NominalKv, 1.1, 0.9));

        var branches = new List<Branch>();
        var roles = new List<GridCaseBranch>();
        int lines = grid.Lines.Count, transformers = grid.Transformers.Count;
        for (var e = 0; e < Elements(grid); e++)
        {
            var (id, from, to) = Element(grid, e);
            if (!index.TryGetValue(from, out var f)) throw new ArgumentException($"'{id}' starts at bus '{from}', which the grid does not have", nameof(grid));
            if (!index.TryGetValue(to, out var t)) throw new ArgumentException($"'{id}' ends at bus '{to}', which the grid does not have", nameof(grid));
            var (kind, inService, normallyOpen) = e < lines ? (GridCaseElement.Line, grid.Lines[e].InService, false)
                : e < lines + transformers ? (GridCaseElement.Transformer, grid.Transformers[e - lines].InService, false)
                : (GridCaseElement.Switch, !grid.Switches[e - lines - transformers].NormalOpen, grid.Switches[e - lines - transformers].NormalOpen);
            var branch = Branch(grid, e, number[f], number[t], grid.Buses[f].NominalKv, inService);
            branches.Add(branch);
            roles.Add(new GridCaseBranch(id, kind, branch.RateA, normallyOpen));
        }
        if (transmission > 0)
            foreach (var s in sources)
            {
                // The ideal ratio at the from end holds the source's side at its set point when the link carries nothing.
                branches.Add(new Branch(transmission, number[s], LinkImpedance, LinkImpedance, 0, 0, 1 / grid.Buses[s].SetpointPu, 0, true));
                roles.Add(new GridCaseBranch($"source:{grid.Buses[s].Id}", GridCaseElement.SourceLink, double.NaN, false));
            }

        var lineBranch = new Dictionary<string, int>(lines, StringComparer.Ordinal);
        for (var k = 0; k < lines; k++) lineBranch[grid.Lines[k].Id] = k;
        var feeders = grid.Feeders.Where(f => lineBranch.ContainsKey(f.HeadLine)).Select(f => (f.Id, lineBranch[f.HeadLine])).ToList();

        var power = new PowerGrid(name, GridPowerFlow.BaseMva, buses,
            [new Generator(slackBus, 0, 0, 9999, -9999, slackVm, GridPowerFlow.BaseMva, true, 9999, 0)], branches);
        var busIds = order.Select(i => (string?)grid.Buses[i].Id).ToList();
        var busIndex = order.ToList();
        if (transmission > 0)
        {
            busIds.Add(null);
            busIndex.Add(-1);
        }
        return new GridCase(power, busIds, busIndex, roles, feeders);
    }

    /// <summary>Ids compared with their runs of digits as numbers ("bus2" before "bus10"), ordinally otherwise.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null) return string.CompareOrdinal(x, y);
            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
                {
                    int si = i, sj = j;
                    while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                    while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                    var a = x.AsSpan(si, i - si).TrimStart('0');
                    var b = y.AsSpan(sj, j - sj).TrimStart('0');
                    if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
                    var c = a.SequenceCompareTo(b);
                    if (c != 0) return c;
                    continue;
                }
                if (x[i] != y[j]) return x[i].CompareTo(y[j]);
                i++;
                j++;
            }
            var rest = (x.Length - i).CompareTo(y.Length - j);
            return rest != 0 ? rest : string.CompareOrdinal(x, y);
        }
    }
}
