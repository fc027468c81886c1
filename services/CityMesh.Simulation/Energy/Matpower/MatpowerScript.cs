using System.Globalization;
using System.Text;

namespace CityMesh.Simulation.Energy.Matpower;

/// <summary>
/// A case file read as the small part of MATLAB that case files are written in: the <c>function mpc = NAME</c> line,
/// <c>mpc.FIELD = value;</c> assignments, numeric matrices between <c>[</c> and <c>]</c> (one row a line or ended by
/// <c>;</c>, values split by white space or commas), comments from <c>%</c>, statements continued with <c>...</c>, and
/// the trailing statements some files use to convert their units (see <see cref="Statement"/>). Statements run in file
/// order, so a conversion applies to the matrices above it, as MATLAB would run it. Anything else is refused with its
/// line rather than skipped: a statement skipped could be a conversion, and a grid read without it would be wrong.
/// </summary>
internal sealed partial class MatpowerScript(string file)
{
    private readonly Dictionary<string, double> _names = new(StringComparer.Ordinal);
    private readonly List<double> _row = [];
    private int _rowLine;

    public string File { get; } = file;

    /// <summary>The case's name from its function line, if it has one.</summary>
    public string? FunctionName { get; private set; }

    public double? BaseMva { get; private set; }

    public int BaseMvaLine { get; private set; }

    public Dictionary<string, MatpowerMatrix> Matrices { get; } = new(StringComparer.Ordinal);

    public void Read(TextReader reader)
    {
        int number = 0, pendingLine = 0;
        MatpowerMatrix? open = null;
        StringBuilder? pending = null;
        while (reader.ReadLine() is { } line)
        {
            number++;
            var code = WithoutComment(line);
            if (open is not null)
            {
                if (ReadRows(open, code, number)) open = null;
                continue;
            }
            if (pending is null)
            {
                pending = new StringBuilder(code);
                pendingLine = number;
            }
            else pending.Append(' ').Append(code);
            var text = pending.ToString().Trim();
            if (text.EndsWith("...", StringComparison.Ordinal))
            {
                pending.Clear().Append(text[..^3]);
                continue;
            }
            pending = null;
            if (text.Length > 0) open = Statements(text, pendingLine);
        }
        if (open is not null) throw new MatpowerFormatException(File, open.Line, $"mpc.{open.Name}", "the matrix is never closed with ']'");
        if (pending is not null) throw new MatpowerFormatException(File, pendingLine, null, "the file ends inside a statement continued with '...'");
    }

    /// <summary>The line up to its comment. A quote opens a text after '=', '(', ',', '[' or at the start (else it is a transpose).</summary>
    private static string WithoutComment(string line)
    {
        bool inText = false;
        char previous = '=';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\'' && (inText || "=(,[{;".Contains(previous))) inText = !inText;
            else if (c == '%' && !inText) return line[..i];
            if (!char.IsWhiteSpace(c)) previous = c;
        }
        return line;
    }

    /// <summary>One or more statements on a line; returns the matrix the line opens, if it opens one.</summary>
    private MatpowerMatrix? Statements(string text, int line)
    {
        // "mpc.bus = [": the rest of the line is the matrix's first rows.
        int equals = text.IndexOf('=');
        if (equals > 0 && text[..equals].Trim() is var target && target.StartsWith("mpc.", StringComparison.Ordinal) && IsName(target[4..]))
        {
            var value = text[(equals + 1)..].TrimStart();
            if (value.StartsWith('{'))
                throw new MatpowerFormatException(File, line, target, "cell arrays (names, labels) are not read; remove this field");
            if (value.StartsWith('['))
            {
                var name = target[4..];
                if (!CaseFormat.IsKnownMatrix(name))
                    throw new MatpowerFormatException(File, line, target, "is not a matrix this reader knows (bus, gen, branch, gencost); remove it or convert the case");
                if (Matrices.ContainsKey(name)) throw new MatpowerFormatException(File, line, target, "is defined twice");
                var matrix = new MatpowerMatrix(name, line);
                Matrices[name] = matrix;
                _row.Clear();
                return ReadRows(matrix, value[1..], line) ? null : matrix;
            }
        }
        foreach (var statement in SplitStatements(text))
            if (statement.Trim().Length > 0) Statement(statement, line);
        return null;
    }

    private static bool IsName(string text) => text.Length > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_') && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Splits at ';' outside brackets and texts.</summary>
    private static IEnumerable<string> SplitStatements(string text)
    {
        int depth = 0, start = 0;
        bool inText = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\'') inText = !inText;
            else if (inText) continue;
            else if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth--;
            else if (c == ';' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    /// <summary>Reads matrix rows from one line's code; true when the line closes the matrix.</summary>
    private bool ReadRows(MatpowerMatrix matrix, string code, int line)
    {
        int i = 0;
        while (i < code.Length)
        {
            char c = code[i];
            if (char.IsWhiteSpace(c) || c == ',') { i++; continue; }
            if (c == ';') { EndRow(matrix); i++; continue; }
            if (c == ']')
            {
                EndRow(matrix);
                var rest = code[(i + 1)..].Trim();
                if (rest.Length > 0 && rest != ";")
                    throw new MatpowerFormatException(File, line, $"mpc.{matrix.Name}", $"'{rest}' after the matrix's closing ']' is not understood");
                CheckColumns(matrix);
                return true;
            }
            int start = i;
            while (i < code.Length && !char.IsWhiteSpace(code[i]) && code[i] is not (',' or ';' or ']')) i++;
            var token = code[start..i];
            // "..." continues the row on the next line.
            if (token == "...") return false;
            if (_row.Count == 0) _rowLine = line;
            _row.Add(Number(token, matrix.Name, _row.Count + 1, line));
        }
        // A line's end ends a row, as in MATLAB, unless the row was continued.
        EndRow(matrix);
        return false;
    }

    private void EndRow(MatpowerMatrix matrix)
    {
        if (_row.Count == 0) return;
        matrix.Rows.Add([.. _row]);
        matrix.RowLines.Add(_rowLine);
        _row.Clear();
    }

    private double Number(string token, string matrix, int column, int line)
    {
        if (token is "Inf" or "inf") return double.PositiveInfinity;
        if (token is "-Inf" or "-inf") return double.NegativeInfinity;
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsNaN(value)) return value;
        throw new MatpowerFormatException(File, line, CaseFormat.Field(matrix, column), $"'{token}' is not a number");
    }

    private void CheckColumns(MatpowerMatrix matrix)
    {
        int needed = CaseFormat.RequiredColumns(matrix.Name);
        for (int r = 0; r < matrix.Rows.Count; r++)
            if (matrix.Rows[r].Length < needed)
                throw new MatpowerFormatException(File, matrix.RowLines[r], CaseFormat.Field(matrix.Name, matrix.Rows[r].Length + 1),
                    $"missing: the row has only {matrix.Rows[r].Length} columns, and a {matrix.Name} row needs at least {needed}");
    }
}
