using System.CommandLine;
using CityMesh.Governance.Audit;
using Npgsql;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh audit verify</c>: reads the whole audit log, from a running service over HTTP or straight from its
/// PostgreSQL table, and checks every record's MAC with the audit key, every link, and every signed checkpoint (the
/// service's and any witness file's) here, rather than trusting the service; or, when told to, asks the service for its
/// own verdict. Exit 0 when intact, 1 when anything was added, altered, removed, reordered or cut from the end, 2 when the
/// log could not be read or an option is wrong. <c>citymesh audit public-key</c> prints a checkpoint key's public half.
/// </summary>
public static class AuditCommand
{
    public const string ApiKeyEnv = "CITYMESH_API_KEY";
    public const string AuditKeyEnv = "CITYMESH_AUDIT_KEY";
    private const string DefaultUrl = "http://127.0.0.1:8080";

    public static Command Create() => new("audit", "The MAC-chained audit log of decisions, approvals, overrides and automatic actions") { Verify(), PublicKey() };

    private static Command Verify()
    {
        var url = new Option<string?>("--url") { Description = $"The service to read GET /governance/audit from (default {DefaultUrl})" };
        var apiKey = new Option<string?>("--api-key") { Description = $"An operator's or admin's API key (default: ${ApiKeyEnv})" };
        var postgres = new Option<string?>("--postgres") { Description = "Read the audit_log and audit_checkpoint tables directly with this Npgsql connection string instead" };
        var keyFiles = new Option<string[]>("--key-file")
        {
            Description = $"[ID=]FILE: an audit key (base64, as the service's CityMesh:Governance:Audit:Key or KeyFile); repeat for every key of the ring " +
                $"still naming records. Without ID=, the key is tried on records of any key id. Default: ${AuditKeyEnv} (base64)",
            AllowMultipleArgumentsPerToken = false,
        };
        var witnesses = new Option<string[]>("--witness") { Description = "A witness file of signed checkpoints (JSON lines, as the service exports them); repeatable. The log must hold every checkpoint's head" };
        var publicKeys = new Option<string[]>("--checkpoint-public-key")
        {
            Description = "A PEM public key that signs checkpoints (as `citymesh audit public-key` prints it); repeatable. Over HTTP without it, the keys are taken from the service (trusting it for them)",
        };
        var trustServer = new Option<bool>("--trust-server") { Description = "Do not verify here: print GET /governance/audit/verify, the service's own verdict (needs no audit key, proves only what the service says)" };
        var expectHead = new Option<string?>("--expect-head") { Description = "SEQ:HASH of a head seen before (e.g. printed by an earlier verify): the log must still reach it" };
        var command = new Command("verify", """
            Check that no audit record was added, altered, removed or reordered, and none cut from the end.
            With the audit key (--key-file or $CITYMESH_AUDIT_KEY), every record's HMAC is checked here: a record written, changed or
            rewritten by anyone without the key fails, whatever the service or the database say; links and sequences show removed or
            moved records; signed checkpoints (the service's table, --witness files) show records cut from the end up to the latest
            checkpoint. Keep a witness file outside the database: checkpoints in the table go with it if the database is rewritten.
            With --trust-server, the service checks itself and this command only reports its answer: it proves nothing if the service
            itself is not trusted.
            """)
        {
            url, apiKey, postgres, keyFiles, witnesses, publicKeys, trustServer, expectHead,
        };
        command.SetAction(async (result, ct) =>
        {
            var head = result.GetValue(expectHead) is { } text
                ? AuditHead.TryParse(text) ?? throw new UsageException($"--expect-head is '{text}'; give SEQ:HASH, a sequence and the record's 64 hex digit hash")
                : null;
            var trust = result.GetValue(trustServer);
            if (result.GetValue(postgres) is { } connectionString)
            {
                if (result.GetValue(url) is not null) throw new UsageException("give --url or --postgres, not both");
                if (trust) throw new UsageException("--trust-server asks a service; with --postgres there is none: give the audit key instead");
                using var evidence = Evidence(result.GetValue(publicKeys), result.GetValue(witnesses));
                return await FromPostgresAsync(connectionString, Keys(result.GetValue(keyFiles)), evidence, head, ct);
            }
            var root = Root(result.GetValue(url) ?? DefaultUrl);
            var key = result.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(ApiKeyEnv);
            if (string.IsNullOrEmpty(key)) throw new UsageException($"an operator's or admin's key is needed: give --api-key or set {ApiKeyEnv}");
            using var http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(60) };
            var reader = new AuditHttpReader(http, key);
            if (trust) return await FromServiceVerdictAsync(root, reader, head, ct);
            using (var evidence = Evidence(result.GetValue(publicKeys), result.GetValue(witnesses)))
                return await FromServiceAsync(root, reader, Keys(result.GetValue(keyFiles)), evidence, head, ct);
        });
        return command;
    }

    private static Command PublicKey()
    {
        var signingKeyFile = new Option<string>("--signing-key-file")
        {
            Description = "The checkpoint signing key (PEM, as CityMesh:Governance:Audit:Checkpoints:SigningKeyFile)",
            Required = true,
        };
        var command = new Command("public-key", "Print the public key (PEM) and id of a checkpoint signing key, for witnesses and --checkpoint-public-key") { signingKeyFile };
        command.SetAction(result =>
        {
            AuditCheckpointSigner signer;
            try
            {
                signer = AuditCheckpointSigner.FromFile(result.GetValue(signingKeyFile)!, "--signing-key-file");
            }
            catch (InvalidOperationException e)
            {
                throw new UsageException(e.Message);
            }
            using (signer)
            {
                Console.Out.WriteLine($"# checkpoint signer {signer.Id}");
                Console.Out.Write(signer.PublicKeyPem);
                Console.Out.WriteLine();
            }
            return 0;
        });
        return command;
    }

    private static Uri Root(string url) =>
        Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var root) && root.Scheme is "http" or "https"
            ? root
            : throw new UsageException($"--url {url} is not an http(s) URL");

    /// <summary>The keys from <c>--key-file [ID=]FILE</c>, else <c>$CITYMESH_AUDIT_KEY</c>; no key is a usage error naming both.</summary>
    internal static AuditKeyRing Keys(string[]? keyFiles)
    {
        try
        {
            var keys = (keyFiles ?? []).Select(spec =>
            {
                var (id, path) = spec.IndexOf('=') is var at and > 0 && !File.Exists(spec) ? (spec[..at], spec[(at + 1)..]) : ((string?)null, spec);
                return AuditKey.FromFile(id, path, "--key-file");
            }).ToList();
            if (keys.Count == 0 && Environment.GetEnvironmentVariable(AuditKeyEnv) is { Length: > 0 } base64)
                keys.Add(AuditKey.FromBase64(null, base64, $"${AuditKeyEnv}"));
            if (keys.Count == 0)
                throw new UsageException($"the audit key is needed to check the records' MACs: give --key-file or set {AuditKeyEnv}; " +
                    "or, to take the service's word for it, --trust-server");
            return new AuditKeyRing(keys);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new UsageException(e.Message);
        }
    }

    private static AuditCheckpointEvidence Evidence(string[]? publicKeyFiles, string[]? witnessFiles)
    {
        var keys = new AuditCheckpointKeys();
        try
        {
            foreach (var path in publicKeyFiles ?? []) keys.Add(ReadFile(path, "--checkpoint-public-key"), $"--checkpoint-public-key {path}");
            var evidence = new AuditCheckpointEvidence(keys);
            foreach (var path in witnessFiles ?? []) evidence.Add(AuditWitnessJson.ReadFile(path).Select(c => c.Checkpoint), $"witness file {path}");
            return evidence;
        }
        catch (Exception e) when (e is InvalidOperationException or AuditReadException)
        {
            keys.Dispose();
            throw new UsageException(e.Message);
        }
    }

    private static string ReadFile(string path, string option)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot read {path}: {e.Message}");
        }
    }

    private static async Task<int> FromServiceAsync(Uri root, AuditHttpReader reader, AuditKeyRing keys, AuditCheckpointEvidence evidence, AuditHead? head,
        CancellationToken ct)
    {
        var source = $"{root}{AuditEndpoints.Path.TrimStart('/')}";
        return await RunAsync(source, async () =>
        {
            if (evidence.Keys.PublicKeys.Count == 0)
            {
                foreach (var key in await reader.ReadPublicKeysAsync(ct)) evidence.Keys.Add(key.Pem, $"{root}{AuditEndpoints.PublicKeysPath.TrimStart('/')}");
                AnsiConsole.MarkupLine("[yellow]checkpoint public keys taken from the service[/]: give --checkpoint-public-key to not trust it for them");
            }
            evidence.Add(await reader.ReadCheckpointsAsync(ct), "the service's checkpoint table");
            return await AuditChain.VerifyAsync(reader.ReadAsync, keys, head, evidence, AuditLogLimits.MaxPage, ct);
        });
    }

    private static Task<int> FromServiceVerdictAsync(Uri root, AuditHttpReader reader, AuditHead? head, CancellationToken ct)
    {
        AnsiConsole.MarkupLine("[yellow]trusting the service's own verdict[/]: nothing below was checked here");
        return RunAsync($"{root}{AuditEndpoints.VerifyPath.TrimStart('/')}", () => reader.ReadVerdictAsync(head, ct));
    }

    private static async Task<int> FromPostgresAsync(string connectionString, AuditKeyRing keys, AuditCheckpointEvidence evidence, AuditHead? head,
        CancellationToken ct)
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
        await using (var log = new PostgresAuditLog(dataSource, keys))
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return await RunAsync($"table {PostgresAuditLog.Table} in {builder.Database ?? "(default database)"} on {builder.Host}", async () =>
            {
                evidence.Add(await new PostgresAuditCheckpointStore(dataSource).ReadAsync(ct), "checkpoint table");
                return await AuditChain.VerifyAsync(log, keys, head, evidence, AuditLogLimits.MaxPage, ct);
            });
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
        catch (Exception e) when (e is AuditReadException or HttpRequestException or NpgsqlException or InvalidOperationException
                                      or TaskCanceledException { InnerException: TimeoutException })
        {
            throw new UsageException($"cannot read the audit log from {source}: {e.Message}");
        }
        return Print(source, verification);
    }

    internal static int Print(string source, AuditVerification verification)
    {
        AnsiConsole.MarkupLineInterpolated($"audit log [blue]{source}[/]: {verification.Count:N0} records checked ({verification.Legacy:N0} legacy, unkeyed)");
        AnsiConsole.MarkupLineInterpolated($"head: {verification.Head?.ToString() ?? "(empty log)"}");
        AnsiConsole.MarkupLineInterpolated($"signed checkpoints matched: {verification.Checkpoints:N0}; latest: {(verification.LatestCheckpoint is { } c ? $"{c.Sequence} at {AuditChain.FormatTime(c.At)} by {c.Signer}" : "(none)")}");
        if (verification.Ok)
        {
            AnsiConsole.MarkupLine("[green]intact[/]: every record matches its MAC and follows the one before it, and the log reaches every signed checkpoint");
            return 0;
        }
        var table = new Table().AddColumns("record", "problem", "detail");
        foreach (var problem in verification.Problems) table.AddRow(problem.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Kind.ToString(), Markup.Escape(problem.Message));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[red]{verification.Problems.Count} problem(s)[/]: the log was tampered with or damaged");
        return 1;
    }
}
