namespace CityMesh.Simulation.Energy.Matpower;

/// <summary>
/// A MATPOWER case file that cannot be read as a grid. The message names the file, the 1-based line, the field at
/// fault and what was wrong, e.g. <c>case.m: line 42, mpc.branch column 3 (r): 'abc' is not a number</c>, so a person
/// can fix the file without a debugger.
/// </summary>
public sealed class MatpowerFormatException : Exception
{
    public MatpowerFormatException(string file, int? line, string? field, string problem)
        : base(Describe(file, line, field, problem))
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file's name as the reader was given it.</summary>
    public string File { get; }

    /// <summary>1-based line; null for a problem of the file as a whole (a missing <c>mpc.baseMVA</c>, no slack bus).</summary>
    public int? Line { get; }

    /// <summary>The field at fault, e.g. <c>mpc.branch column 3 (r)</c> or <c>mpc.baseMVA</c>; null where no one field is.</summary>
    public string? Field { get; }

    /// <summary>The problem alone, without the file, line and field.</summary>
    public string Problem { get; }

    private static string Describe(string file, int? line, string? field, string problem)
    {
        var where = (line, field) switch
        {
            ({ } l, { } f) => $"line {l}, {f}: ",
            ({ } l, null) => $"line {l}: ",
            (null, { } f) => $"{f}: ",
            _ => "",
        };
        return $"{file}: {where}{problem}";
    }
}
