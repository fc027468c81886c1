namespace CityMesh.Simulation.Synthetic.Telemetry.Scoring;

/// <summary>A file that cannot be read: the message names the file, the 1-based line and column, and what is wrong.</summary>
public sealed class CsvFormatException(string file, int line, int column, string problem)
    : Exception($"{file}: line {line}, column {column}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
}
