using System.Text.Json;
using CityMesh.Governance.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Tests.Audit;

public sealed class AuditServicesTests(AuditPostgresFixture fixture) : IClassFixture<AuditPostgresFixture>, IDisposable
{
    private const string Prefix = "CityMesh:Governance:Audit:";
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-audit-services-").FullName;
    private readonly ListLogger<AuditLogInitializer> _initializerLog = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddLogging().AddAuditLog(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<ILogger<AuditLogInitializer>>(_initializerLog);
        return services.BuildServiceProvider();
    }

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task StartAsync(IServiceProvider services)
    {
        foreach (var hosted in services.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
    }

    private static async Task StopAsync(IServiceProvider services)
    {
        foreach (var hosted in services.GetServices<IHostedService>().Reverse()) await hosted.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Memory_is_the_default_and_without_keys_it_makes_some_up_and_warns()
    {
        await using var services = Build([]);

        await StartAsync(services);
        var log = services.GetRequiredService<IAuditLog>();
        var record = await log.AppendAsync(new AuditEntry("ops", "action.approved", "a-1", JsonDocument.Parse("{}").RootElement.Clone()));

        Assert.IsType<MemoryAuditLog>(log);
        Assert.Equal("ephemeral", record.KeyId);
        Assert.True(AuditChain.Verify([record], services.GetRequiredService<AuditKeyRing>()).Ok);
        var warnings = _initializerLog.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, w => w.StartsWith("No audit key is configured (CityMesh:Governance:Audit:Key)"));
        Assert.Contains(warnings, w => w.StartsWith("No checkpoint signing key is configured (CityMesh:Governance:Audit:Checkpoints:SigningKey)"));
        var publicKey = services.GetRequiredService<AuditCheckpointSigner>().PublicKeyPem;
        Assert.Contains(_initializerLog.Entries, e => e.Level == LogLevel.Information && e.Message.Contains(publicKey));
        await StopAsync(services);
    }

    public static TheoryData<string[], string> WrongSettings => new()
    {
        { ["Store=sqlite"], "CityMesh:Governance:Audit:Store is 'sqlite'; use 'memory' or 'postgres'" },
        { ["Store=postgres"], "CityMesh:Governance:Audit:ConnectionString is required when CityMesh:Governance:Audit:Store is 'postgres'" },
        { ["Store=postgres", "ConnectionString=Host=db"],
            "CityMesh:Governance:Audit:Key (or KeyFile, or Keys:0:Id with Keys:0:Key or Keys:0:KeyFile) is required when CityMesh:Governance:Audit:Store is 'postgres'" },
        { ["Store=postgres", "ConnectionString=Host=db", "Key=" + AuditTestKeys.Base64(AuditTestKeys.K1)],
            "CityMesh:Governance:Audit:Checkpoints:SigningKey (or SigningKeyFile) is required when CityMesh:Governance:Audit:Store is 'postgres'" },
        { ["Key=" + Convert.ToBase64String(new byte[16])], "CityMesh:Governance:Audit:Key holds 16 bytes; an audit key needs at least 32" },
        { ["Key=not base64!"], "CityMesh:Governance:Audit:Key is not base64" },
        { ["KeyFile=/nonexistent/audit-key"], "CityMesh:Governance:Audit:KeyFile: cannot read the key file /nonexistent/audit-key" },
        { ["Key=" + AuditTestKeys.Base64(AuditTestKeys.K1), "Keys:0:Id=k1", "Keys:0:Key=" + AuditTestKeys.Base64(AuditTestKeys.K1)],
            "give CityMesh:Governance:Audit:Key (or KeyFile) or CityMesh:Governance:Audit:Keys, not both" },
        { ["Keys:0:Key=" + AuditTestKeys.Base64(AuditTestKeys.K1)], "CityMesh:Governance:Audit:Keys:0:Id is ''" },
        { ["Keys:0:Id=k1"], "CityMesh:Governance:Audit:Keys:0: give Key or KeyFile, one of them" },
        { ["Keys:0:Id=k1", "Keys:0:Key=" + AuditTestKeys.Base64(AuditTestKeys.K1), "Keys:1:Id=k1", "Keys:1:Key=" + AuditTestKeys.Base64(AuditTestKeys.K2)],
            "CityMesh:Governance:Audit:Keys gives the id 'k1' twice" },
        { ["Checkpoints:EveryRecords=0"], "CityMesh:Governance:Audit:Checkpoints:EveryRecords is 0; give 1 or more" },
        { ["Checkpoints:SigningKey=-----BEGIN NOTHING-----"], "CityMesh:Governance:Audit:Checkpoints:SigningKey is not an EC private key in PEM" },
        { ["Witness:Url=ftp://witness"], "CityMesh:Governance:Audit:Witness:Url is 'ftp://witness'; give an absolute http(s) URL" },
    };

    [Theory]
    [MemberData(nameof(WrongSettings))]
    public void A_wrong_or_missing_setting_is_named(string[] settings, string message)
    {
        var configuration = settings.Select(s => s.Split('=', 2)).ToDictionary(kv => Prefix + kv[0], kv => (string?)kv[1]);

        // A wrong setting stops composition; a wrong or missing key, read when first asked for, stops start.
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            using var services = Build(configuration);
            services.GetRequiredService<IAuditLog>();
        });
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public async Task The_key_ring_comes_from_settings_and_files_and_its_last_key_seals()
    {
        await using var services = Build(new()
        {
            [Prefix + "Keys:0:Id"] = "k1",
            [Prefix + "Keys:0:Key"] = AuditTestKeys.Base64(AuditTestKeys.K1),
            [Prefix + "Keys:1:Id"] = "k2",
            [Prefix + "Keys:1:KeyFile"] = WriteFile("k2", AuditTestKeys.Base64(AuditTestKeys.K2) + "\n"),
        });

        var record = await services.GetRequiredService<IAuditLog>().AppendAsync(new AuditEntry("ops", "action.approved", "a-1", JsonDocument.Parse("{}").RootElement.Clone()));

        Assert.Equal("k2", record.KeyId);
        Assert.Equal(AuditChain.Mac(AuditTestKeys.K2, record), record.Hash);
        Assert.Equal(["k1", "k2"], services.GetRequiredService<AuditKeyRing>().Keys.Select(k => k.Id));
        Assert.False(services.GetRequiredService<AuditSecrets>().EphemeralKey);
    }

    [Fact]
    public async Task The_postgres_tables_are_created_at_start_and_readiness_waits_for_them_and_stopping_exports_the_last_checkpoint()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        var witness = Path.Combine(_directory, "witness.jsonl");
        await using var services = Build(new()
        {
            [Prefix + "Store"] = "postgres",
            [Prefix + "ConnectionString"] = connectionString,
            [Prefix + "KeyFile"] = WriteFile("key", AuditTestKeys.Base64(AuditTestKeys.K1)),
            [Prefix + "KeyId"] = "k1",
            [Prefix + "Checkpoints:SigningKeyFile"] = WriteFile("signing.pem", AuditTestKeys.NewSigningPem()),
            [Prefix + "Witness:File"] = witness,
        });
        var health = services.GetRequiredService<HealthCheckService>();

        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Status);
        await StartAsync(services);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Status);
        var log = services.GetRequiredService<IAuditLog>();
        Assert.Empty(await log.ReadAsync(0, 10));
        await log.AppendAsync(new AuditEntry("ops", "action.approved", "a-1", JsonDocument.Parse("{}").RootElement.Clone()));
        var last = await log.AppendAsync(new AuditEntry("ops", "action.executed", "a-1", JsonDocument.Parse("{}").RootElement.Clone()));
        await StopAsync(services);

        var witnessed = Assert.Single(AuditWitnessJson.ReadFile(witness)).Checkpoint;
        Assert.Equal(new AuditHead(2, last.Hash), witnessed.Head);
        Assert.Equal(AuditCheckpointCheck.Good, services.GetRequiredService<AuditCheckpointKeys>().Check(witnessed));
        Assert.Equal(witnessed, Assert.Single(await services.GetRequiredService<IAuditCheckpointStore>().ReadAsync()));
        Assert.DoesNotContain(_initializerLog.Entries, e => e.Level == LogLevel.Warning);
    }
}
