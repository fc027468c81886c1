namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A traffic input file that cannot be turned into the model. The message always names the file, where in it
/// (line, or a JSON path such as <c>roads[3].lanes[1].maxSpeed</c>), the element or id, and the attribute at fault,
/// so a person can fix the file without a debugger.
/// </summary>
public sealed class TrafficImportException : Exception
{
    public TrafficImportException(string file, string message, Exception? inner = null)
        : base($"{file}: {message}", inner) => File = file;

    /// <summary>The file that was being read.</summary>
    public string File { get; }
}
