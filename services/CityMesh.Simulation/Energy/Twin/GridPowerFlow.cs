using CityMesh.Simulation.Energy.PowerFlow;

namespace CityMesh.Simulation.Energy.Twin;

/// <summary>
/// The AC power flow of a city's grid at one instant: the closed elements split the buses into islands, each fed by
/// one source (a substation's high-voltage bus, the slack), and each island is solved on its own (the sweep where it is
/// radial, Newton–Raphson otherwise: <see cref="PowerFlowSolver"/>). Buses no source reaches are not energised and
/// their load is not served. An island reached by two sources (a switch closed between two live feeders) is not solved
/// but reported: distribution grids run radially, and closing a loop between substations is the kind of switching the
/// energy service never proposes (<see cref="IslandFailure"/>).
/// </summary>
public sealed class GridPowerFlow
{
    /// <summary>The system base of the islands' per-unit grids, MVA: a distribution grid's usual 10.</summary>
    public const double BaseMva = 10;

    /// <summary>The power factor loads draw at when only their real power is metered (0.95 lagging: tan φ ≈ 0.329).</summary>
    public const double LoadPowerFactor = 0.95;

    private readonly CityGrid _grid;
    private readonly Dictionary<string, int> _bus;

    public GridPowerFlow(CityGrid grid)
    {
        _grid = grid;
        _bus = new Dictionary<string, int>(grid.Buses.Count, StringComparer.Ordinal);
        for (var i = 0; i < grid.Buses.Count; i++)
            if (!_bus.TryAdd(grid.Buses[i].Id, i)) throw new ArgumentException($"bus '{grid.Buses[i].Id}' appears twice in the grid", nameof(grid));
        foreach (var (id, from, to) in grid.Lines.Select(l => (l.Id, l.From, l.To))
                     .Concat(grid.Transformers.Select(t => (t.Id, t.From, t.To)))
                     .Concat(grid.Switches.Select(s => (s.Id, s.From, s.To))))
        {
            if (!_bus.ContainsKey(from)) throw new ArgumentException($"'{id}' starts at bus '{from}', which the grid does not have", nameof(grid));
            if (!_bus.ContainsKey(to)) throw new ArgumentException($"'{id}' ends at bus '{to}', which the grid does not have", nameof(grid));
        }
    }

    public CityGrid Grid => _grid;

    /// <summary>The bus's position in <see cref="CityGrid.Buses"/>, or -1.</summary>
    public int IndexOf(string bus) => _bus.GetValueOrDefault(bus, -1);

    /// <summary>Solves the grid with each bus drawing <paramref name="loadKw"/> (negative: exporting, e.g. PV behind it).</summary>
    /// <param name="loadKw">Per bus, in the grid's order.</param>
    /// <param name="loadKvar">Per bus, where metered; empty: loads draw at <see cref="LoadPowerFactor"/>, exports at unity.</param>
    /// <param name="switching">Switch states that differ from the grid's (a proposal's trial), by switch id: true when open.</param>
    /// <param name="outOfService">Substations, lines or transformers taken out, by id.</param>
    public GridState Solve(ReadOnlySpan<double> loadKw, ReadOnlySpan<double> loadKvar = default, IReadOnlyDictionary<string, bool>? switching = null, IReadOnlySet<string>? outOfService = null)
    {
        if (loadKw.Length != _grid.Buses.Count) throw new ArgumentException($"{loadKw.Length} loads for {_grid.Buses.Count} buses", nameof(loadKw));
        if (!loadKvar.IsEmpty && loadKvar.Length != loadKw.Length) throw new ArgumentException($"{loadKvar.Length} reactive loads for {_grid.Buses.Count} buses", nameof(loadKvar));
        var n = _grid.Buses.Count;
        bool Out(string id) => outOfService?.Contains(id) == true;
        bool SwitchOpen(GridSwitch s) => switching is not null && switching.TryGetValue(s.Id, out var open) ? open : s.Open;

        // Element k of the adjacency: lines first, then transformers, then switches (GridCase.Elements' numbering).
        int lines = _grid.Lines.Count, transformers = _grid.Transformers.Count;
        var closed = new List<(int From, int To, int Element)>();
        for (var k = 0; k < lines; k++)
            if (_grid.Lines[k].InService && !Out(_grid.Lines[k].Id)) closed.Add((_bus[_grid.Lines[k].From], _bus[_grid.Lines[k].To], k));
        for (var k = 0; k < transformers; k++)
        {
            var t = _grid.Transformers[k];
            if (t.InService && !Out(t.Id) && !Out(t.Substation)) closed.Add((_bus[t.From], _bus[t.To], lines + k));
        }
        for (var k = 0; k < _grid.Switches.Count; k++)
            if (!SwitchOpen(_grid.Switches[k]) && !Out(_grid.Switches[k].Id)) closed.Add((_bus[_grid.Switches[k].From], _bus[_grid.Switches[k].To], lines + transformers + k));
        var adjacent = new List<(int Bus, int Element)>[n];
        for (var i = 0; i < n; i++) adjacent[i] = [];
        foreach (var (from, to, element) in closed)
        {
            adjacent[from].Add((to, element));
            adjacent[to].Add((from, element));
        }

        var state = new GridState(
            Filled(n, double.NaN), new bool[n], Filled(lines, 0.0), Filled(lines, 0.0), Filled(transformers, 0.0), Filled(transformers, 0.0),
            Filled(_grid.Switches.Count, 0.0), Filled(_grid.Switches.Count, 0.0), [], 0, 0, []);
        var island = Filled(n, -1);
        var failures = new List<IslandFailure>();
        double loss = 0;
        for (var s = 0; s < n; s++)
        {
            var source = _grid.Buses[s];
            if (!source.Source || island[s] >= 0 || Out(source.Substation)) continue;
            var members = Reach(s, adjacent, island);
            var sources = members.Where(m => _grid.Buses[m].Source && !Out(_grid.Buses[m].Substation)).ToList();
            if (sources.Count > 1)
            {
                failures.Add(new IslandFailure(source.Id, [.. members.Select(m => _grid.Buses[m].Id)],
                    $"closed switches join the sources {string.Join(", ", sources.Select(m => _grid.Buses[m].Id))}: a loop between substations is not operated"));
                continue;
            }
            try
            {
                loss += SolveIsland(members, closed, island, s, loadKw, loadKvar, state);
            }
            catch (PowerFlowException e)
            {
                failures.Add(new IslandFailure(source.Id, [.. members.Select(m => _grid.Buses[m].Id)], e.Message));
                foreach (var m in members) state.VoltagePu[m] = double.NaN;
            }
        }
        double unserved = 0;
        for (var i = 0; i < n; i++)
            if (!state.Energised[i]) unserved += Math.Max(0, loadKw[i]);
        return state with { Feeders = Feeders(state), LossKw = loss, UnservedKw = unserved, Failures = failures };
    }

    private static List<int> Reach(int start, List<(int Bus, int Element)>[] adjacent, int[] island)
    {
        var members = new List<int> { start };
        island[start] = start;
        for (var head = 0; head < members.Count; head++)
            foreach (var (next, _) in adjacent[members[head]])
                if (island[next] < 0)
                {
                    island[next] = start;
                    members.Add(next);
                }
        return members;
    }

    /// <returns>The island's losses, kW.</returns>
    private double SolveIsland(List<int> members, List<(int From, int To, int Element)> closed, int[] island, int source, ReadOnlySpan<double> loadKw, ReadOnlySpan<double> loadKvar, GridState state)
    {
        // Buses numbered 1.. in the island's order (the source first).
        var local = new Dictionary<int, int>(members.Count);
        for (var i = 0; i < members.Count; i++) local[members[i]] = i + 1;
        var buses = new List<Bus>(members.Count);
        // Exports (PV behind the meter) at unity power factor; loads at the metered power factor.
        foreach (var m in members)
            buses.Add(GridCase.Bus(_grid.Buses[m], local[m], m == source ? BusType.Slack : BusType.PQ, loadKw[m], loadKvar.IsEmpty ? null : loadKvar[m]));
        var branches = new List<Branch>();
        var elements = new List<int>();
        foreach (var (from, to, element) in closed)
        {
            if (island[from] != source) continue;
            branches.Add(GridCase.Branch(_grid, element, local[from], local[to], _grid.Buses[from].NominalKv));
            elements.Add(element);
        }
        var grid = new PowerGrid($"island {_grid.Buses[source].Id}", BaseMva, buses,
            [new Generator(1, 0, 0, 9999, -9999, _grid.Buses[source].SetpointPu, BaseMva, true, 9999, 0)], branches);
        var result = new PowerFlowSolver(grid).Solve();
        for (var i = 0; i < members.Count; i++)
        {
            state.VoltagePu[members[i]] = result.Vm[i];
            state.Energised[members[i]] = true;
        }
        int lines = _grid.Lines.Count, transformers = _grid.Transformers.Count;
        for (var k = 0; k < elements.Count; k++)
        {
            var flow = result.Branches[k];
            var e = elements[k];
            var kw = flow.PFromMw * 1000;
            var loading = flow.LoadingPercent ?? 0;
            if (e < lines) (state.LineKw[e], state.LineLoadingPercent[e]) = (kw, loading);
            else if (e < lines + transformers) (state.TransformerKw[e - lines], state.TransformerLoadingPercent[e - lines]) = (kw, loading);
            else (state.SwitchKw[e - lines - transformers], state.SwitchLoadingPercent[e - lines - transformers]) = (kw, loading);
        }
        return result.TotalLossKw;
    }

    private List<FeederState> Feeders(GridState state)
    {
        var lineIndex = new Dictionary<string, int>(_grid.Lines.Count, StringComparer.Ordinal);
        for (var k = 0; k < _grid.Lines.Count; k++) lineIndex[_grid.Lines[k].Id] = k;
        var lowest = new Dictionary<string, (double V, string Bus)>(StringComparer.Ordinal);
        for (var i = 0; i < _grid.Buses.Count; i++)
        {
            var b = _grid.Buses[i];
            if (b.Feeder is null || !state.Energised[i] || double.IsNaN(state.VoltagePu[i])) continue;
            if (!lowest.TryGetValue(b.Feeder, out var low) || state.VoltagePu[i] < low.V) lowest[b.Feeder] = (state.VoltagePu[i], b.Id);
        }
        var feeders = new List<FeederState>(_grid.Feeders.Count);
        foreach (var f in _grid.Feeders)
        {
            var head = lineIndex.GetValueOrDefault(f.HeadLine, -1);
            var energised = _bus.TryGetValue(f.HeadBus, out var hb) && state.Energised[hb];
            var kw = head >= 0 ? Math.Abs(state.LineKw[head]) : 0;
            var loading = head >= 0 ? state.LineLoadingPercent[head] : 0;
            var low = lowest.GetValueOrDefault(f.Id, (double.NaN, null!));
            feeders.Add(new FeederState(f.Id, kw, loading, low.Item1, low.Item2, energised));
        }
        return feeders;
    }

    private static T[] Filled<T>(int n, T value)
    {
        var a = new T[n];
        Array.Fill(a, value);
        return a;
    }
}
