using CityMesh.Governance.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Governance.Tests.Audit;

public sealed class AuditServicesTests(AuditPostgresFixture fixture) : IClassFixture<AuditPostgresFixture>
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging().AddAuditLog(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

    [Fact]
    public void Memory_is_the_default()
    {
        using var services = Build([]);

        Assert.IsType<MemoryAuditLog>(services.GetRequiredService<IAuditLog>());
    }

    [Theory]
    [InlineData("sqlite", null, "CityMesh:Governance:Audit:Store is 'sqlite'; use 'memory' or 'postgres'")]
    [InlineData("postgres", null, "CityMesh:Governance:Audit:ConnectionString is required when CityMesh:Governance:Audit:Store is 'postgres'")]
    public void A_wrong_setting_is_named(string store, string? connectionString, string message)
    {
        using var services = Build(new() { ["CityMesh:Governance:Audit:Store"] = store, ["CityMesh:Governance:Audit:ConnectionString"] = connectionString });

        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IAuditLog>()).Message);
    }

    [Fact]
    public async Task The_postgres_table_is_created_at_start_and_readiness_waits_for_it()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        await using var services = Build(new() { ["CityMesh:Governance:Audit:Store"] = "postgres", ["CityMesh:Governance:Audit:ConnectionString"] = connectionString });
        var health = services.GetRequiredService<HealthCheckService>();

        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Status);
        foreach (var hosted in services.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Status);
        Assert.Empty(await services.GetRequiredService<IAuditLog>().ReadAsync(0, 10));
    }
}
