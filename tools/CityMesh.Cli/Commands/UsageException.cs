namespace CityMesh.Cli.Commands;

/// <summary>
/// The command line asked for something that cannot run; the message names the option. The program prints it and
/// exits with 2, without a stack trace.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
