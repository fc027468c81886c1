using CityMesh.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Governance.Audit;

/// <summary>
/// <c>GET /governance/audit</c> (records in order, paged by sequence), <c>GET /governance/audit/verify</c> (the whole
/// chain checked here, with the keys and against the stored checkpoints), <c>GET /governance/audit/checkpoints</c> (the
/// signed heads) and <c>GET /governance/audit/checkpoints/public-keys</c> (what checks them); all for operators and admins.
/// </summary>
public static class AuditEndpoints
{
    public const string Path = "/governance/audit";
    public const string CheckpointsPath = Path + "/checkpoints";
    public const string PublicKeysPath = CheckpointsPath + "/public-keys";
    public const string VerifyPath = Path + "/verify";

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder endpoints)
    {
        var audit = endpoints.MapGroup(Path).RequireAuthorization(Roles.Policy.Auditor);
        audit.MapGet("", ReadAsync);
        audit.MapGet("/verify", VerifyAsync);
        audit.MapGet("/checkpoints", (IAuditCheckpointStore checkpoints, CancellationToken ct) => checkpoints.ReadAsync(ct));
        audit.MapGet("/checkpoints/public-keys", (AuditCheckpointKeys keys) => keys.PublicKeys);
        return endpoints;
    }

    private static async Task<IResult> ReadAsync(IAuditLog log, string? after, string? limit, CancellationToken ct)
    {
        if (!TryParse(after, 0, out var afterSequence) || afterSequence < 0)
            return Problem("after", $"after is '{after}'; give the sequence to read after, 0 or more");
        if (!TryParse(limit, AuditLogLimits.MaxPage, out var count) || count is < 1 or > AuditLogLimits.MaxPage)
            return Problem("limit", $"limit is '{limit}'; give 1 to {AuditLogLimits.MaxPage}");
        return Results.Ok(await log.ReadAsync(afterSequence, (int)count, ct));
    }

    private static async Task<IResult> VerifyAsync(IAuditLog log, IAuditCheckpointStore checkpoints, AuditKeyRing keys, AuditCheckpointKeys publicKeys,
        string? expectHead, CancellationToken ct)
    {
        AuditHead? head = null;
        if (expectHead is not null && (head = AuditHead.TryParse(expectHead)) is null)
            return Problem("expectHead", $"expectHead is '{expectHead}'; give SEQ:HASH (a sequence and 64 hex digits)");
        var evidence = new AuditCheckpointEvidence(publicKeys).Add(await checkpoints.ReadAsync(ct), "checkpoint table");
        return Results.Ok(await AuditChain.VerifyAsync(log, keys, head, evidence, AuditLogLimits.MaxPage, ct));
    }

    private static bool TryParse(string? text, long fallback, out long value)
    {
        value = fallback;
        return text is null || long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    private static IResult Problem(string parameter, string detail) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [detail] }, detail);
}
