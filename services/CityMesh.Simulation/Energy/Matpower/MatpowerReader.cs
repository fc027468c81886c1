using CityMesh.Limits;

namespace CityMesh.Simulation.Energy.Matpower;

/// <summary>
/// Reads a MATPOWER case file (format version 2, the interchange format of power-system research) into a
/// <see cref="PowerGrid"/>: <c>mpc.baseMVA</c>, <c>mpc.bus</c>, <c>mpc.gen</c>, <c>mpc.branch</c> with the column
/// meanings of MATPOWER's CASEFORMAT (columns past those are accepted and ignored, e.g. a solved case's results), and
/// an optional <c>mpc.gencost</c> (read for its syntax, not used).
/// <para>
/// Some cases are written in field units and converted by MATLAB statements at their end (the Baran &amp; Wu feeders:
/// loads in kW divided by 1e3, r and x in ohm divided by Vbase² / Sbase). Those statements are run, not recognised by
/// the file's name: the column scaling forms and the scalar arithmetic they use are understood (see
/// <see cref="MatpowerScript"/>), and any other statement is refused naming its line, since skipping a conversion
/// would read a wrong grid.
/// </para>
/// <para>
/// Refused, with a <see cref="MatpowerFormatException"/> naming the line and the field: a value that is not a number,
/// a row with too few columns, a missing <c>mpc.baseMVA</c> or matrix, no slack bus or more than one, a generator or
/// branch naming a bus that does not exist, a branch with zero impedance, and whatever <see cref="MatpowerGrid"/> checks.
/// </para>
/// </summary>
public static class MatpowerReader
{
    public static PowerGrid Read(string path, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var length = new FileInfo(path).Length;
        if (length > limits.InputFileBytes)
            throw new MatpowerFormatException(path, null, null,
                $"is {length:N0} bytes, more than the {limits.InputFileBytes:N0} an input file may have ({InputLimits.Section}:{nameof(InputLimits.InputFileBytes)})");
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <param name="name">The file's name for messages, and the case's name when it has no function line.</param>
    public static PowerGrid Read(TextReader reader, string name)
    {
        var script = new MatpowerScript(name);
        script.Read(reader);
        return new MatpowerGrid(script).Build(Path.GetFileNameWithoutExtension(name));
    }
}
