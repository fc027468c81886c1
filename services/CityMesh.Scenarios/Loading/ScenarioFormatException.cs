namespace CityMesh.Scenarios.Loading;

/// <summary>
/// A scenario file that cannot be read as a TwinScenario: bad YAML/JSON, an unknown field, a wrong type, or the wrong
/// apiVersion/kind. The message reads "file:line:column: path: detail", like a compiler's.
/// </summary>
public sealed class ScenarioFormatException : Exception
{
    public ScenarioFormatException(string source, int line, int column, string path, string detail, Exception? inner = null)
        : base(Compose(source, line, column, path, detail), inner)
    {
        Source = source;
        Line = line;
        Column = column;
        Path = path;
        Detail = detail;
    }

    /// <summary>1-based; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based; 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The field, e.g. "spec.interventions[1].closure"; empty for the document itself.</summary>
    public string Path { get; }

    /// <summary>The message without the position.</summary>
    public string Detail { get; }

    // Source (inherited, settable) holds the file name or other source name given to the loader.

    private static string Compose(string source, int line, int column, string path, string detail)
    {
        var where = line > 0 ? $"{source}:{line}:{column}" : source;
        return path.Length > 0 ? $"{where}: {path}: {detail}" : $"{where}: {detail}";
    }
}
