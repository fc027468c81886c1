namespace CityMesh.Simulation.Energy.Matpower;

/// <summary>A numeric matrix of the case (<c>mpc.bus</c>, …) as written, each row with the line it started on.</summary>
internal sealed class MatpowerMatrix(string name, int line)
{
    /// <summary>The field name after <c>mpc.</c>: bus, gen, branch or gencost.</summary>
    public string Name { get; } = name;

    /// <summary>The line of <c>mpc.NAME = [</c>.</summary>
    public int Line { get; } = line;

    public List<double[]> Rows { get; } = [];

    public List<int> RowLines { get; } = [];
}
