namespace CityMesh.Scenarios.Running;

/// <summary>
/// The scenario is well-formed but does not fit its inputs: a missing file, a file it may not read, an unknown junction
/// or road, a lane the road lacks. <see cref="Field"/> is the spec path the author must fix.
/// </summary>
public sealed class ScenarioInputException(string field, string message, Exception? inner = null)
    : Exception($"{field}: {message}", inner)
{
    public string Field { get; } = field;

    /// <summary>The message without the field.</summary>
    public string Detail { get; } = message;
}
