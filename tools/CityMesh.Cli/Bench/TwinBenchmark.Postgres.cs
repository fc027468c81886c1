namespace CityMesh.Cli.Bench;

public sealed partial class TwinBenchmark
{
    private Task RunPostgresAsync(CancellationToken ct)
    {
        output.WriteLine("postgres phase: pending the PostgreSQL store");
        return Task.CompletedTask;
    }
}
