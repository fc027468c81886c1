namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A traffic input file that cannot be turned into the model, or inputs that would exceed a limit of the run. The
/// message always names the file, where in it (line, or a JSON path such as <c>roads[3].lanes[1].maxSpeed</c>), the
/// element or id, and the attribute at fault, so a person can fix the file without a debugger. It is one line: values
/// echoed from the file are shortened and their control characters escaped (<see cref="Quote"/>).
/// </summary>
public sealed class TrafficImportException : Exception
{
    /// <summary>Longest value from a file that a message repeats whole.</summary>
    private const int QuotedLength = 60;

    public TrafficImportException(string file, string message, Exception? inner = null)
        : base(OneLine($"{file}: {message}"), inner) => File = file;

    /// <summary>The file that was being read.</summary>
    public string File { get; }

    /// <summary>A value from the file as a message may show it: at most 60 characters, on one line.</summary>
    public static string Quote(string value) => OneLine(value.Length <= QuotedLength ? value : value[..QuotedLength] + "…");

    /// <summary>
    /// Control characters escaped. Messages also carry text the file put in a parser's own error (an XmlException
    /// quotes the character it choked on, a carriage return included), so the whole message goes through this.
    /// </summary>
    private static string OneLine(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) : text;
}
