using System.CommandLine;
using CityMesh.Cli.Commands;

var root = new RootCommand("CityMesh: the digital twin of a city. Run `citymesh up` to start one on this machine.");
root.Subcommands.Add(UpCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(SimCommand.Create());
return await root.Parse(args).InvokeAsync();
