using CityMesh.Limits;

namespace CityMesh.Simulation.Water.Inp;

/// <summary>
/// Reads an EPANET input file (<c>.inp</c>, EPANET 2.0–2.3) into a <see cref="WaterNetwork"/> in SI.
/// <para>
/// Format: sections headed <c>[NAME]</c> (any case, any order, a section may repeat); fields separated by white
/// space; a comment from <c>;</c> to the end of a line; ids are case-sensitive, at most 31 characters. Units come from
/// <c>[OPTIONS]</c> (read first, wherever it is): US customary (ft, in, psi, millifeet, hp) when the flow units are
/// CFS, GPM, MGD, IMGD or AFD (GPM by default), SI (m, mm, m of pressure, mm, kW) for LPS, LPM, MLD, CMH or CMD;
/// <c>PRESSURE</c> PSI, KPA, METERS, FEET or BAR sets the pressure unit whatever the flow units.
/// </para>
/// <para>
/// Read: TITLE, JUNCTIONS, RESERVOIRS, TANKS, PIPES, PUMPS, VALVES, DEMANDS, STATUS, PATTERNS, CURVES, CONTROLS
/// (simple controls), EMITTERS, OPTIONS, TIMES, COORDINATES, VERTICES. Accepted and ignored (water quality, energy,
/// drawing): TAGS, ROUGHNESS, ENERGY, QUALITY, SOURCES, REACTIONS, MIXING, REPORT, LABELS, BACKDROP, LEAKAGE; reading
/// stops at <c>[END]</c>. Refused: rule-based controls (<c>[RULES]</c> with content), unknown sections, and any
/// field that is missing, not a number, out of range or names something the file does not define; the
/// <see cref="InpFormatException"/> names the file, section, line and field. The first problem found is reported.
/// </para>
/// <para>
/// As EPANET: a junction listed in <c>[DEMANDS]</c> has its <c>[JUNCTIONS]</c> demand replaced by that list; demands
/// without a pattern follow the default pattern (OPTIONS <c>PATTERN</c>, else the pattern "1"; none, so constant, when
/// no pattern of that id exists); the hydraulic time step is cut to the pattern and report steps; a report start past
/// the duration becomes 0. Curves are converted by what uses them (a pump's flow → head, a tank's level → volume, a
/// GPV's flow → head loss), so a curve used two ways is converted for each.
/// </para>
/// </summary>
public static class InpReader
{
    public static WaterNetwork Read(string path, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var length = new FileInfo(path).Length;
        if (length > limits.InputFileBytes)
            throw new InpFormatException(path, null, null,
                $"is {length:N0} bytes, more than the {limits.InputFileBytes:N0} an input file may have ({InputLimits.Section}:{nameof(InputLimits.InputFileBytes)})");
        using var reader = new StreamReader(path);
        return Read(reader, path, limits);
    }

    /// <param name="name">The file's name for messages.</param>
    public static WaterNetwork Read(TextReader reader, string name, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var sections = InpSections.Read(reader, name, limits);
        return new InpParser(name, sections).Parse();
    }
}
