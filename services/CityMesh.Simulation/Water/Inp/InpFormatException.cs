namespace CityMesh.Simulation.Water.Inp;

/// <summary>
/// An EPANET <c>.inp</c> file that cannot be read as a water network. The message names the file, the section and
/// the 1-based line where the problem is, the item and field at fault, what was found and what was expected, e.g.
/// <c>Net1.inp: [PIPES] line 27: pipe '10' diameter 'abc' is not a number</c>, so a person can fix the file without
/// a debugger.
/// </summary>
public sealed class InpFormatException : Exception
{
    public InpFormatException(string file, string? section, int? line, string problem, Exception? inner = null)
        : base(Describe(file, section, line, problem), inner)
    {
        File = file;
        Section = section;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file's name as the reader was given it.</summary>
    public string File { get; }

    /// <summary>The section the line is in, upper case with its brackets (<c>[PIPES]</c>); null before any section or for the file as a whole.</summary>
    public string? Section { get; }

    /// <summary>1-based line of the file; null for a problem of the file as a whole (no reservoir or tank, too large).</summary>
    public int? Line { get; }

    /// <summary>The problem alone, without the file, section and line.</summary>
    public string Problem { get; }

    private static string Describe(string file, string? section, int? line, string problem)
    {
        var where = (section, line) switch
        {
            ({ } s, { } l) => $"{s} line {l}: ",
            (null, { } l) => $"line {l}: ",
            ({ } s, null) => $"{s}: ",
            _ => "",
        };
        return $"{file}: {where}{problem}";
    }
}
