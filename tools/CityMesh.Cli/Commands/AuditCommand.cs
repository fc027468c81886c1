using System.CommandLine;
using CityMesh.Governance.Audit;
using Npgsql;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh audit verify</c>: reads the whole audit log, from a running service over HTTP or straight from its
/// PostgreSQL table, and checks the hash chain here rather than trusting the service's verdict. Exit 0 when intact,
/// 1 when anything was altered, removed, reordered or cut from the end, 2 when the log could not be read.
/// </summary>
public static class AuditCommand
{
    public const string ApiKeyEnv = "CITYMESH_API_KEY";
    private const string DefaultUrl = "http://127.0.0.1:8080";

    public static Command Create() => new("audit", "The hash-chained audit log of decisions, approvals, overrides and automatic actions") { Verify() };

    private static Command Verify()
    {
        var url = new Option<string?>("--url") { Description = $"The service to read GET /governance/audit from (default {DefaultUrl})" };
        var apiKey = new Option<string?>("--api-key") { Description = $"An operator's or admin's API key (default: ${ApiKeyEnv})" };
        var postgres = new Option<string?>("--postgres") { Description = "Read the audit_log table directly with this Npgsql connection string instead" };
        var expectHead = new Option<string?>("--expect-head") { Description = "SEQ:HASH of a head seen before (e.g. printed by an earlier verify): detects records removed from the end" };
        var command = new Command("verify", "Check that no audit record was altered, removed or reordered, and that the log still reaches --expect-head")
        {
            url, apiKey, postgres, expectHead,
        };
        command.SetAction(async (result, ct) =>
        {
            var head = result.GetValue(expectHead) is { } text
                ? AuditHead.TryParse(text) ?? throw new UsageException($"--expect-head is '{text}'; give SEQ:HASH, a sequence and the record's 64 hex digit hash")
                : null;
            if (result.GetValue(postgres) is { } connectionString)
            {
                if (result.GetValue(url) is not null) throw new UsageException("give --url or --postgres, not both");
                return await FromPostgresAsync(connectionString, head, ct);
            }
            return await FromServiceAsync(result.GetValue(url) ?? DefaultUrl, result.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(ApiKeyEnv), head, ct);
        });
        return command;
    }

    private static async Task<int> FromServiceAsync(string url, string? apiKey, AuditHead? head, CancellationToken ct)
    {
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
            throw new UsageException($"--url {url} is not an http(s) URL");
        if (string.IsNullOrEmpty(apiKey)) throw new UsageException($"an operator's or admin's key is needed: give --api-key or set {ApiKeyEnv}");
        using var http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(60) };
        var reader = new AuditHttpReader(http, apiKey);
        return await RunAsync($"{root}{AuditEndpoints.Path.TrimStart('/')}", () => AuditChain.VerifyAsync(reader.ReadAsync, head, AuditLogLimits.MaxPage, ct));
    }

    private static async Task<int> FromPostgresAsync(string connectionString, AuditHead? head, CancellationToken ct)
    {
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--postgres is not an Npgsql connection string: {e.Message}");
        }
        await using (dataSource)
        await using (var log = new PostgresAuditLog(dataSource))
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return await RunAsync($"table {PostgresAuditLog.Table} in {builder.Database ?? "(default database)"} on {builder.Host}",
                () => AuditChain.VerifyAsync(log, head, AuditLogLimits.MaxPage, ct));
        }
    }

    /// <summary>Verifies and prints; a log that cannot be read is a usage error (2), not a broken chain (1).</summary>
    private static async Task<int> RunAsync(string source, Func<Task<AuditVerification>> verify)
    {
        AuditVerification verification;
        try
        {
            verification = await verify();
        }
        catch (Exception e) when (e is AuditReadException or HttpRequestException or NpgsqlException or TaskCanceledException { InnerException: TimeoutException })
        {
            throw new UsageException($"cannot read the audit log from {source}: {e.Message}");
        }
        return Print(source, verification);
    }

    internal static int Print(string source, AuditVerification verification)
    {
        AnsiConsole.MarkupLineInterpolated($"audit log [blue]{source}[/]: {verification.Count:N0} records checked");
        AnsiConsole.MarkupLineInterpolated($"head: {verification.Head?.ToString() ?? "(empty log)"}");
        if (verification.Ok)
        {
            AnsiConsole.MarkupLine("[green]intact[/]: every record matches its hash and follows the one before it");
            return 0;
        }
        var table = new Table().AddColumns("record", "problem", "detail");
        foreach (var problem in verification.Problems) table.AddRow(problem.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Kind.ToString(), Markup.Escape(problem.Message));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[red]{verification.Problems.Count} problem(s)[/]: the log was tampered with or damaged");
        return 1;
    }
}
