namespace CityMesh.Simulation.Energy.Matpower;

/// <summary>
/// Turns a read case's matrices (units already converted by the file's own statements) into a <see cref="PowerGrid"/>,
/// checking what the power flow relies on, each problem named by its row's line and column: bus numbers positive,
/// whole and unique; bus types PQ, PV or slack (isolated buses, type 4, are refused); exactly one slack bus;
/// generators and branches naming buses that exist; no branch from a bus to itself or with r = x = 0; a tap ratio
/// not negative (0 means 1, as MATPOWER reads it).
/// </summary>
internal sealed class MatpowerGrid(MatpowerScript script)
{
    private string File => script.File;

    public PowerGrid Build(string fallbackName)
    {
        if (script.BaseMva is not { } baseMva) throw new MatpowerFormatException(File, null, "mpc.baseMVA", "missing: the case has no system MVA base");
        var busRows = Required("bus");
        var genRows = Required("gen");
        var branchRows = Required("branch");
        var buses = Buses(busRows);
        var known = buses.Select(b => b.Id).ToHashSet();
        var generators = Generators(genRows, known);
        var branches = Branches(branchRows, known);
        return new PowerGrid(script.FunctionName ?? fallbackName, baseMva, buses, generators, branches);
    }

    private MatpowerMatrix Required(string name) =>
        script.Matrices.TryGetValue(name, out var m) && m.Rows.Count > 0 ? m : throw new MatpowerFormatException(File, m?.Line, $"mpc.{name}", "missing: the case has no rows of it");

    private List<Bus> Buses(MatpowerMatrix m)
    {
        var buses = new List<Bus>(m.Rows.Count);
        var seen = new Dictionary<int, int>();
        int? slackLine = null;
        for (int r = 0; r < m.Rows.Count; r++)
        {
            var row = m.Rows[r];
            int line = m.RowLines[r];
            int id = BusNumber(row, 1, "bus", line);
            if (!seen.TryAdd(id, line)) throw Refuse(line, "bus", 1, $"bus {id} is already defined on line {seen[id]}");
            var type = row[1] switch
            {
                1 => BusType.PQ,
                2 => BusType.PV,
                3 => BusType.Slack,
                4 => throw Refuse(line, "bus", 2, $"bus {id} is isolated (type 4); isolated buses are not supported: take the bus and its branches out"),
                var t => throw Refuse(line, "bus", 2, $"{t} is not a bus type (1 PQ, 2 PV, 3 slack)"),
            };
            if (type == BusType.Slack)
            {
                if (slackLine is { } other) throw Refuse(line, "bus", 2, $"bus {id} is a second slack bus (the first is on line {other}); one slack bus is supported");
                slackLine = line;
            }
            for (int c = 3; c <= 13; c++)
                if (c is not (7 or 11) && !double.IsFinite(row[c - 1])) throw Refuse(line, "bus", c, $"{row[c - 1]} is not a finite number");
            if (!(row[7] > 0)) throw Refuse(line, "bus", 8, $"bus {id} voltage magnitude {row[7]} is not positive");
            buses.Add(new Bus(id, type, Pd: row[2], Qd: row[3], Gs: row[4], Bs: row[5], Vm: row[7], Va: row[8], BaseKv: row[9], Vmax: row[11], Vmin: row[12]));
        }
        if (slackLine is null) throw new MatpowerFormatException(File, m.Line, "mpc.bus column 2 (type)", "no slack bus: one bus must be of type 3");
        return buses;
    }

    private List<Generator> Generators(MatpowerMatrix m, HashSet<int> buses)
    {
        var generators = new List<Generator>(m.Rows.Count);
        for (int r = 0; r < m.Rows.Count; r++)
        {
            var row = m.Rows[r];
            int line = m.RowLines[r];
            int bus = BusNumber(row, 1, "gen", line);
            if (!buses.Contains(bus)) throw Refuse(line, "gen", 1, $"bus {bus} is not in mpc.bus");
            foreach (int c in new[] { 2, 3, 6, 7 })
                if (!double.IsFinite(row[c - 1])) throw Refuse(line, "gen", c, $"{row[c - 1]} is not a finite number");
            if (!(row[5] > 0)) throw Refuse(line, "gen", 6, $"voltage set point {row[5]} is not positive");
            generators.Add(new Generator(bus, Pg: row[1], Qg: row[2], Qmax: row[3], Qmin: row[4], Vg: row[5], MBase: row[6], InService: row[7] > 0, Pmax: row[8], Pmin: row[9]));
        }
        return generators;
    }

    private List<Branch> Branches(MatpowerMatrix m, HashSet<int> buses)
    {
        var branches = new List<Branch>(m.Rows.Count);
        for (int r = 0; r < m.Rows.Count; r++)
        {
            var row = m.Rows[r];
            int line = m.RowLines[r];
            int from = BusNumber(row, 1, "branch", line), to = BusNumber(row, 2, "branch", line);
            if (!buses.Contains(from)) throw Refuse(line, "branch", 1, $"bus {from} is not in mpc.bus");
            if (!buses.Contains(to)) throw Refuse(line, "branch", 2, $"bus {to} is not in mpc.bus");
            if (from == to) throw Refuse(line, "branch", 2, $"the branch joins bus {from} to itself");
            for (int c = 3; c <= 11; c++)
                if (c is not (7 or 8) && !double.IsFinite(row[c - 1])) throw Refuse(line, "branch", c, $"{row[c - 1]} is not a finite number");
            if (row[2] == 0 && row[3] == 0) throw Refuse(line, "branch", 4, $"branch {from}-{to} has r = x = 0: a zero impedance cannot be put in the admittance matrix");
            if (row[8] < 0) throw Refuse(line, "branch", 9, $"tap ratio {row[8]} is negative");
            if (row[5] < 0) throw Refuse(line, "branch", 6, $"rating {row[5]} MVA is negative");
            double tap = row[8] == 0 ? 1 : row[8];
            branches.Add(new Branch(from, to, R: row[2], X: row[3], B: row[4], RateA: row[5], Tap: tap, ShiftDegrees: row[9], InService: row[10] != 0));
        }
        return branches;
    }

    private int BusNumber(double[] row, int column, string matrix, int line)
    {
        double value = row[column - 1];
        return value >= 1 && value <= int.MaxValue && value == Math.Floor(value)
            ? (int)value
            : throw Refuse(line, matrix, column, $"{value} is not a bus number (a whole number from 1)");
    }

    private MatpowerFormatException Refuse(int line, string matrix, int column, string problem) =>
        new(File, line, CaseFormat.Field(matrix, column), problem);
}
