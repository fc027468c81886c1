using System.CommandLine;
using CityMesh.Cli.Commands;

var root = new RootCommand("CityMesh: the digital twin of a city. Run `citymesh up` to start one on this machine.");
root.Subcommands.Add(UpCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(SimCommand.Create());
root.Subcommands.Add(ScenarioCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(SynthCommand.Create());
root.Subcommands.Add(WaterCommand.Create());
root.Subcommands.Add(EnergyCommand.Create());
try
{
    // Usage errors reach the user as one line and exit code 2, not as System.CommandLine's stack trace.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (UsageException e)
{
    Console.Error.WriteLine($"citymesh: {e.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("citymesh: cancelled");
    return 130;
}
catch (Exception e)
{
    // Anything else is a fault worth its stack trace.
    Console.Error.WriteLine($"citymesh: {e}");
    return 1;
}
