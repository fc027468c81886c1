using CityMesh.Limits;

namespace CityMesh.Simulation.Water.Inp;

/// <summary>One line of an <c>.inp</c> file with content: its section, number, fields and the comment after <c>;</c>.</summary>
/// <param name="Section">Upper case with brackets, <c>[PIPES]</c>.</param>
/// <param name="Text">The line before its comment, trimmed (a title line).</param>
/// <param name="Comment">What follows the first <c>;</c>, trimmed; null when the line has none or it is empty.</param>
internal sealed record InpLine(string Section, int Number, string[] Fields, string Text, string? Comment)
{
    public int Count => Fields.Length;
}

/// <summary>
/// The first pass over an <c>.inp</c> file: its lines with content, by section, in file order. A section may come more
/// than once (EPANET writes <c>[REACTIONS]</c> twice); its lines are joined. Reading stops at <c>[END]</c>. Unknown
/// sections, text before the first section and any rule in <c>[RULES]</c> are refused here.
/// </summary>
internal sealed class InpSections
{
    /// <summary>The sections EPANET 2.2/2.3 writes; the rest of the reader says which it reads and which it ignores.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "TITLE", "JUNCTIONS", "RESERVOIRS", "TANKS", "PIPES", "PUMPS", "VALVES", "TAGS", "DEMANDS", "STATUS",
        "ROUGHNESS", "PATTERNS", "CURVES", "CONTROLS", "RULES", "ENERGY", "EMITTERS", "QUALITY", "SOURCES",
        "REACTIONS", "MIXING", "TIMES", "REPORT", "OPTIONS", "COORDINATES", "VERTICES", "LABELS", "BACKDROP",
        "LEAKAGE", "END",
    };

    private readonly Dictionary<string, List<InpLine>> _lines = new(StringComparer.Ordinal);

    /// <summary>The lines of a section (name without brackets, upper case), empty when the file has none.</summary>
    public IReadOnlyList<InpLine> this[string section] => _lines.TryGetValue(section, out var lines) ? lines : [];

    public static InpSections Read(TextReader reader, string name, InputLimits limits)
    {
        var sections = new InpSections();
        string? section = null;
        List<InpLine>? current = null;
        long characters = 0;
        int number = 0;
        for (var raw = reader.ReadLine(); raw is not null; raw = reader.ReadLine())
        {
            number++;
            characters += raw.Length + 1;
            if (characters > limits.InputFileBytes)
                throw new InpFormatException(name, section is null ? null : $"[{section}]", number,
                    $"the file is longer than the {limits.InputFileBytes:N0} bytes an input file may have ({InputLimits.Section}:{nameof(InputLimits.InputFileBytes)})");

            int semicolon = raw.IndexOf(';');
            var text = (semicolon < 0 ? raw : raw[..semicolon]).Trim();
            var comment = semicolon < 0 ? null : raw[(semicolon + 1)..].Trim();
            if (text.Length == 0) continue;

            if (text[0] == '[')
            {
                int close = text.IndexOf(']');
                if (close < 0)
                    throw new InpFormatException(name, section is null ? null : $"[{section}]", number, $"section header '{Shorten(text)}' has no closing ']'");
                var header = text[1..close].Trim().ToUpperInvariant();
                if (!Known.Contains(header))
                    throw new InpFormatException(name, $"[{header}]", number,
                        $"unknown section [{Shorten(header)}]; an EPANET file has {string.Join(", ", Known.Select(k => $"[{k}]"))}");
                if (text[(close + 1)..].Trim().Length > 0)
                    throw new InpFormatException(name, $"[{header}]", number, $"text '{Shorten(text[(close + 1)..].Trim())}' after the section header (a comment starts with ';')");
                if (header == "END") break;
                section = header;
                if (!sections._lines.TryGetValue(section, out current)) sections._lines[section] = current = [];
                continue;
            }

            if (section is null || current is null)
                throw new InpFormatException(name, null, number,
                    $"'{Shorten(text)}' comes before any section header; an .inp file's content is under headers such as [TITLE] or [JUNCTIONS]");
            if (section == "RULES")
                throw new InpFormatException(name, "[RULES]", number,
                    $"rule-based controls are not supported ('{Shorten(text)}'); write them as simple [CONTROLS] or remove them");

            var fields = section == "TITLE" ? [text] : Tokens(text, name, section, number);
            current.Add(new InpLine($"[{section}]", number, fields, text, string.IsNullOrEmpty(comment) ? null : comment));
        }
        return sections;
    }

    /// <summary>Fields split at white space; a field in double quotes may hold spaces (EPANET's labels and ids).</summary>
    private static string[] Tokens(string text, string name, string section, int number)
    {
        var fields = new List<string>();
        int at = 0;
        while (true)
        {
            while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
            if (at == text.Length) break;
            if (text[at] == '"')
            {
                int end = text.IndexOf('"', at + 1);
                if (end < 0) throw new InpFormatException(name, $"[{section}]", number, $"a quoted field at column {at + 1} has no closing '\"'");
                fields.Add(text[(at + 1)..end]);
                at = end + 1;
                continue;
            }
            int start = at;
            while (at < text.Length && !char.IsWhiteSpace(text[at])) at++;
            fields.Add(text[start..at]);
        }
        return [.. fields];
    }

    public static string Shorten(string token) => token.Length <= 40 ? token : token[..40] + "…";
}
