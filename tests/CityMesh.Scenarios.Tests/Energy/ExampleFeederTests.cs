using CityMesh.Scenarios.Tests.Running;
using CityMesh.Simulation.Energy.Matpower;
using CityMesh.Simulation.Energy.PowerFlow;

namespace CityMesh.Scenarios.Tests.Energy;

/// <summary>The example's feeder file is the generated feeder, written so the MATPOWER reader reads it back exactly.</summary>
public sealed class ExampleFeederTests
{
    private static string FilePath => Path.Combine(RepositoryFiles.Root(), "examples", "scenarios", "grids", ExampleFeeder.FileName);

    [Fact]
    public void The_example_feeder_file_is_the_generated_feeder()
    {
        // CITYMESH_WRITE_EXAMPLE_FEEDER=1 writes it (once, after a change to the generator).
        if (Environment.GetEnvironmentVariable("CITYMESH_WRITE_EXAMPLE_FEEDER") == "1") File.WriteAllText(FilePath, ExampleFeeder.Text());
        Assert.True(File.Exists(FilePath) && File.ReadAllText(FilePath) == ExampleFeeder.Text(),
            $"{FilePath} differs from ExampleFeeder.Build(): run this test with CITYMESH_WRITE_EXAMPLE_FEEDER=1");
    }

    [Fact]
    public void The_written_feeder_reads_back_as_the_same_grid_and_solves_the_same()
    {
        var built = ExampleFeeder.Build();
        var read = MatpowerReader.Read(new StringReader(ExampleFeeder.Text()), ExampleFeeder.FileName);

        Assert.Equal(built.Buses, read.Buses);
        Assert.Equal(built.Branches, read.Branches);
        Assert.Equal(built.Generators, read.Generators);
        Assert.Equal(new PowerFlowSolver(built).Solve().LowestVm, new PowerFlowSolver(read).Solve().LowestVm);
    }
}
