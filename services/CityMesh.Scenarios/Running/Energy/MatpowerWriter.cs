using System.Globalization;
using System.Text;
using CityMesh.Simulation.Energy;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// Writes a <see cref="PowerGrid"/> as a MATPOWER case file (format version 2, per unit and MW as MATPOWER holds a case
/// in memory, so no conversion statements), which <see cref="Simulation.Energy.Matpower.MatpowerReader"/> and MATPOWER
/// itself read back: the bus, generator and branch matrices with CASEFORMAT's columns, numbers in the shortest form
/// that reads back to the same double.
/// </summary>
public static class MatpowerWriter
{
    /// <param name="header">Comment lines put after the function line (without their '%').</param>
    public static string Write(PowerGrid grid, IEnumerable<string> header)
    {
        var m = new StringBuilder();
        m.Append("function mpc = ").Append(grid.Name).Append('\n');
        foreach (string line in header) m.Append('%').Append(line.Length > 0 ? " " + line : "").Append('\n');
        m.Append("\n%% MATPOWER Case Format : Version 2\nmpc.version = '2';\n\n%%-----  Power Flow Data  -----%%\n%% system MVA base\n");
        m.Append("mpc.baseMVA = ").Append(N(grid.BaseMva)).Append(";\n\n%% bus data\n%\tbus_i\ttype\tPd\tQd\tGs\tBs\tarea\tVm\tVa\tbaseKV\tzone\tVmax\tVmin\nmpc.bus = [\n");
        foreach (var b in grid.Buses)
            Row(m, b.Id, (int)b.Type, b.Pd, b.Qd, b.Gs, b.Bs, 1, b.Vm, b.Va, b.BaseKv, 1, b.Vmax, b.Vmin);
        m.Append("];\n\n%% generator data\n%\tbus\tPg\tQg\tQmax\tQmin\tVg\tmBase\tstatus\tPmax\tPmin\nmpc.gen = [\n");
        foreach (var g in grid.Generators)
            Row(m, g.Bus, g.Pg, g.Qg, g.Qmax, g.Qmin, g.Vg, g.MBase, g.InService ? 1 : 0, g.Pmax, g.Pmin);
        m.Append("];\n\n%% branch data\n%\tfbus\ttbus\tr\tx\tb\trateA\trateB\trateC\tratio\tangle\tstatus\tangmin\tangmax\nmpc.branch = [\n");
        foreach (var b in grid.Branches)
            Row(m, b.From, b.To, b.R, b.X, b.B, b.RateA, b.RateA, b.RateA, b.Tap == 1 && b.ShiftDegrees == 0 ? 0 : b.Tap, b.ShiftDegrees, b.InService ? 1 : 0, -360, 360);
        m.Append("];\n");
        return m.ToString();
    }

    private static void Row(StringBuilder m, params double[] values) =>
        m.Append('\t').AppendJoin('\t', values.Select(N)).Append(";\n");

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
