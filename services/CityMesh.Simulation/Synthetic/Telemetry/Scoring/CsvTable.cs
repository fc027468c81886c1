using System.Globalization;

namespace CityMesh.Simulation.Synthetic.Telemetry.Scoring;

/// <summary>
/// Reads a small CSV file with a header: comma-separated, fields optionally in double quotes ("" for a quote inside).
/// Columns are found by header name, so their order is free; each parse failure is a <see cref="CsvFormatException"/>
/// with the line and the column number (1-based, counting fields) and the column's name.
/// </summary>
internal sealed class CsvTable
{
    private readonly string _file;
    private readonly Dictionary<string, int> _columns;
    private readonly List<(int Line, string[] Fields)> _rows = [];

    public IReadOnlyList<(int Line, string[] Fields)> Rows => _rows;

    private CsvTable(string file, Dictionary<string, int> columns) => (_file, _columns) = (file, columns);

    /// <param name="required">Columns that must be in the header.</param>
    public static CsvTable Read(string path, IReadOnlyList<string> required)
    {
        if (!File.Exists(path)) throw new CsvFormatException(path, 0, 0, "no such file");
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header is null) throw new CsvFormatException(path, 1, 1, $"empty file; expected a header with {string.Join(",", required)}");
        var names = Split(path, 1, header.TrimStart('\uFEFF'));
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++) columns.TryAdd(names[i].Trim(), i);
        foreach (var name in required)
            if (!columns.ContainsKey(name))
                throw new CsvFormatException(path, 1, names.Length + 1, $"the header lacks the '{name}' column (it has {string.Join(",", names)})");
        var table = new CsvTable(path, columns);
        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0) continue;
            var fields = Split(path, number, line);
            if (fields.Length < names.Length)
                throw new CsvFormatException(path, number, fields.Length + 1, $"{fields.Length} fields where the header has {names.Length}");
            table._rows.Add((number, fields));
        }
        return table;
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    public string Text((int Line, string[] Fields) row, string column, bool required = true)
    {
        var value = row.Fields[_columns[column]].Trim();
        if (required && value.Length == 0) throw Error(row, column, "is empty");
        return value;
    }

    public DateTimeOffset Time((int Line, string[] Fields) row, string column)
    {
        var text = Text(row, column);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw Error(row, column, $"'{text}' is not an ISO 8601 time such as 2025-01-06T08:00:00+08:00");
    }

    public double Number((int Line, string[] Fields) row, string column)
    {
        var text = Text(row, column);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(row, column, $"'{text}' is not a finite number");
    }

    public CsvFormatException Error((int Line, string[] Fields) row, string column, string problem) =>
        new(_file, row.Line, _columns[column] + 1, $"{column} {problem}");

    private static string[] Split(string path, int number, string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted) throw new CsvFormatException(path, number, fields.Count + 1, "a quoted field is not closed");
        fields.Add(field.ToString());
        return [.. fields];
    }
}
