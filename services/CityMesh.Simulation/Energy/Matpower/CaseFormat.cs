namespace CityMesh.Simulation.Energy.Matpower;

/// <summary>
/// MATPOWER's CASEFORMAT (version 2): the meaning of each column of <c>mpc.bus</c>, <c>mpc.gen</c> and
/// <c>mpc.branch</c>, 1-based as the file and its MATLAB statements count them, and the names that MATPOWER's
/// <c>idx_bus</c>, <c>idx_gen</c> and <c>idx_brch</c> hand out, in the order they hand them out, so a file's
/// <c>[PQ, PV, REF, ...] = idx_bus;</c> binds each name it lists to the right number.
/// </summary>
internal static class CaseFormat
{
    public static readonly string[] BusColumns = ["bus_i", "type", "Pd", "Qd", "Gs", "Bs", "area", "Vm", "Va", "baseKV", "zone", "Vmax", "Vmin"];

    public static readonly string[] GenColumns =
    [
        "bus", "Pg", "Qg", "Qmax", "Qmin", "Vg", "mBase", "status", "Pmax", "Pmin",
        "Pc1", "Pc2", "Qc1min", "Qc1max", "Qc2min", "Qc2max", "ramp_agc", "ramp_10", "ramp_30", "ramp_q", "apf",
    ];

    public static readonly string[] BranchColumns = ["fbus", "tbus", "r", "x", "b", "rateA", "rateB", "rateC", "ratio", "angle", "status", "angmin", "angmax"];

    /// <summary>Columns a row must have: the bus table whole, a generator through Pmin, a branch through its status.</summary>
    public static int RequiredColumns(string matrix) => matrix switch
    {
        "bus" => 13,
        "gen" => 10,
        "branch" => 11,
        _ => 1,
    };

    /// <summary>The matrices a case may define; anything else is refused rather than silently dropped.</summary>
    public static bool IsKnownMatrix(string matrix) => matrix is "bus" or "gen" or "branch" or "gencost";

    /// <summary>"mpc.branch column 3 (r)": how a message names a column.</summary>
    public static string Field(string matrix, int column)
    {
        var names = matrix switch
        {
            "bus" => BusColumns,
            "gen" => GenColumns,
            "branch" => BranchColumns,
            _ => [],
        };
        return column <= names.Length ? $"mpc.{matrix} column {column} ({names[column - 1]})" : $"mpc.{matrix} column {column}";
    }

    /// <summary>The numbers MATPOWER's index function of this name returns, in the order it returns them; null for any other name.</summary>
    public static IReadOnlyList<int>? IndexFunction(string name) => name switch
    {
        // PQ, PV, REF, NONE, then BUS_I … VMIN (1–13) and the OPF result columns LAM_P … MU_VMIN (14–17).
        "idx_bus" => [1, 2, 3, 4, .. Enumerable.Range(1, 17)],
        // GEN_BUS … PMIN (1–10), MU_PMAX … MU_QMIN (the result columns 22–25), PC1 … APF (11–21).
        "idx_gen" => [.. Enumerable.Range(1, 10), 22, 23, 24, 25, .. Enumerable.Range(11, 11)],
        // F_BUS … BR_STATUS (1–11), PF, QF, PT, QT, MU_SF, MU_ST (the result columns 14–19), ANGMIN, ANGMAX (12–13),
        // MU_ANGMIN, MU_ANGMAX (20–21): the angle limits came into the table after the result columns were named.
        "idx_brch" => [.. Enumerable.Range(1, 11), 14, 15, 16, 17, 18, 19, 12, 13, 20, 21],
        _ => null,
    };
}
