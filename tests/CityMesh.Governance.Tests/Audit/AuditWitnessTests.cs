using System.Collections.Concurrent;
using System.Text.Json;
using CityMesh.Governance.Audit;
using CityMesh.LocalServers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Tests.Audit;

/// <summary>
/// Checkpoints leave the database: appended to a witness file, PUT to an object store (a real Kestrel server here that
/// keeps the bodies), retried when the witness is down, never lost.
/// </summary>
public sealed class AuditWitnessTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-witness-").FullName;
    private readonly List<IAsyncDisposable> _servers = [];
    private AuditCheckpointSigner _signer = null!;
    private AuditCheckpointKeys _keys = null!;

    public Task InitializeAsync()
    {
        (_signer, _keys) = AuditTestKeys.NewSigner();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        _signer.Dispose();
        _keys.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private readonly ConcurrentDictionary<long, AuditCheckpoint> _checkpoints = [];

    /// <summary>The checkpoint at <paramref name="sequence"/>, signed once (ECDSA signatures differ each time).</summary>
    private AuditCheckpoint Checkpoint(long sequence) => _checkpoints.GetOrAdd(sequence, Sign);

    private AuditCheckpoint Sign(long sequence) => _signer.Sign(new AuditHead(sequence, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(sequence)))), At.AddMinutes(sequence));

    /// <summary>An object store in miniature: keeps every PUT body under its name, answers 200.</summary>
    private async Task<ConcurrentDictionary<string, string>> StartObjectStoreAsync(int port)
    {
        var objects = new ConcurrentDictionary<string, string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPut("/bucket/{name}", async (string name, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            objects[name] = await reader.ReadToEndAsync();
            return Results.Ok();
        });
        await app.StartAsync();
        _servers.Add(app);
        return objects;
    }

    private static AuditWitnessExporter Exporter(IAuditCheckpointStore store, ListLogger<AuditWitnessExporter> logger, params IAuditWitness[] witnesses) =>
        new(store, witnesses, new AuditWitnessOptions(), TimeProvider.System, logger);

    [Fact]
    public async Task The_file_witness_appends_one_json_line_per_checkpoint_that_reads_back_and_verifies()
    {
        var path = Path.Combine(_directory, "witness.jsonl");
        var store = new MemoryAuditCheckpointStore();
        foreach (var n in new long[] { 100, 200 }) await store.AddAsync(Checkpoint(n));
        using var exporter = Exporter(store, new ListLogger<AuditWitnessExporter>(), new FileAuditWitness(path));

        Assert.True(await exporter.ExportPendingAsync());
        await store.AddAsync(Checkpoint(300));
        Assert.True(await exporter.ExportPendingAsync());

        Assert.Equal(3, File.ReadAllLines(path).Length);
        var read = AuditWitnessJson.ReadFile(path);
        Assert.Equal([100L, 200, 300], read.Select(c => c.Checkpoint.Sequence));
        Assert.Equal(Checkpoint(300), read[2].Checkpoint);
        Assert.All(read, c => Assert.Equal(AuditCheckpointCheck.Good, _keys.Check(c.Checkpoint)));
        Assert.Equal($"witness file {path} line 2", read[1].Source);
    }

    [Fact]
    public void A_witness_file_line_that_is_not_a_checkpoint_is_named()
    {
        var path = Path.Combine(_directory, "broken.jsonl");
        File.WriteAllLines(path, [AuditWitnessJson.Serialize(Checkpoint(1)), "", "{\"sequence\":2}"]);

        var error = Assert.Throws<AuditReadException>(() => AuditWitnessJson.ReadFile(path));

        Assert.StartsWith($"the witness file {path} line 3 is not a checkpoint", error.Message);
    }

    [Fact]
    public async Task The_http_witness_puts_each_checkpoint_as_an_object_named_by_its_sequence()
    {
        var port = FreePort.OnLoopback();
        var objects = await StartObjectStoreAsync(port);
        var store = new MemoryAuditCheckpointStore();
        await store.AddAsync(Checkpoint(5));
        using var http = new HttpClient();
        using var exporter = Exporter(store, new ListLogger<AuditWitnessExporter>(), new HttpAuditWitness(http, new Uri($"http://127.0.0.1:{port}/bucket")));

        Assert.True(await exporter.ExportPendingAsync());

        var body = Assert.Single(objects, o => o.Key == "checkpoint-00000000000000000005.json").Value;
        Assert.Equal(AuditCheckpointCheck.Good, _keys.Check(AuditWitnessJson.Deserialize(body)));
        Assert.Empty(await store.PendingAsync($"http:http://127.0.0.1:{port}/bucket/", 10));
    }

    [Fact]
    public async Task A_witness_that_is_down_gets_the_checkpoints_once_it_is_up_and_the_failure_is_logged()
    {
        var port = FreePort.OnLoopback();
        var store = new MemoryAuditCheckpointStore();
        await store.AddAsync(Checkpoint(10));
        await store.AddAsync(Checkpoint(20));
        using var http = new HttpClient();
        var file = Path.Combine(_directory, "up.jsonl");
        var logger = new ListLogger<AuditWitnessExporter>();
        var witness = new HttpAuditWitness(http, new Uri($"http://127.0.0.1:{port}/bucket/"));
        using var exporter = Exporter(store, logger, witness, new FileAuditWitness(file));

        Assert.False(await exporter.ExportPendingAsync());

        // The other witness is not held up, and nothing is lost: both stay pending for the one that is down.
        Assert.Equal(2, File.ReadAllLines(file).Length);
        Assert.Equal([10L, 20], (await store.PendingAsync(witness.Name, 10)).Select(c => c.Sequence));
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains($"Audit checkpoint 10 could not be exported to witness {witness.Name}; it stays pending and will be retried", warning.Message);

        var objects = await StartObjectStoreAsync(port);
        await store.AddAsync(Checkpoint(30));
        Assert.True(await exporter.ExportPendingAsync());

        Assert.Equal(["checkpoint-00000000000000000010.json", "checkpoint-00000000000000000020.json", "checkpoint-00000000000000000030.json"], objects.Keys.Order());
        Assert.Equal(Checkpoint(20), AuditWitnessJson.Deserialize(objects["checkpoint-00000000000000000020.json"]));
        Assert.Empty(await store.PendingAsync(witness.Name, 10));
        Assert.Equal(3, File.ReadAllLines(file).Length);
    }

    [Fact]
    public async Task The_background_exporter_sends_a_checkpoint_it_is_told_of()
    {
        var path = Path.Combine(_directory, "background.jsonl");
        var store = new MemoryAuditCheckpointStore();
        using var exporter = Exporter(store, new ListLogger<AuditWitnessExporter>(), new FileAuditWitness(path));
        await exporter.StartAsync(CancellationToken.None);

        await store.AddAsync(Checkpoint(4));
        exporter.Notify();
        await exporter.StopAsync(CancellationToken.None);

        Assert.Equal(4, Assert.Single(AuditWitnessJson.ReadFile(path)).Checkpoint.Sequence);
    }

    [Fact]
    public async Task An_object_store_that_refuses_is_retried_later()
    {
        var port = FreePort.OnLoopback();
        var refusing = true;
        string? authorization = null;
        var objects = new ConcurrentDictionary<string, string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPut("/{name}", async (string name, HttpRequest request) =>
        {
            if (refusing) return Results.StatusCode(503);
            authorization = request.Headers.Authorization;
            using var reader = new StreamReader(request.Body);
            objects[name] = await reader.ReadToEndAsync();
            return Results.Ok();
        });
        await app.StartAsync();
        _servers.Add(app);
        var store = new MemoryAuditCheckpointStore();
        await store.AddAsync(Checkpoint(1));
        using var http = new HttpClient();
        var logger = new ListLogger<AuditWitnessExporter>();
        using var exporter = Exporter(store, logger, new HttpAuditWitness(http, new Uri($"http://127.0.0.1:{port}/"), "Bearer witness-token"));

        Assert.False(await exporter.ExportPendingAsync());
        refusing = false;
        Assert.True(await exporter.ExportPendingAsync());

        Assert.Contains("answered 503", Assert.Single(logger.Entries).Message);
        Assert.Equal(Checkpoint(1), AuditWitnessJson.Deserialize(Assert.Single(objects).Value));
        Assert.Equal("Bearer witness-token", authorization);
    }
}
