using CityMesh.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Governance.Audit;

/// <summary>
/// <c>GET /governance/audit</c> (records in order, paged by sequence) and <c>GET /governance/audit/verify</c> (the whole
/// chain checked here); both for operators and admins.
/// </summary>
public static class AuditEndpoints
{
    public const string Path = "/governance/audit";

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder endpoints)
    {
        var audit = endpoints.MapGroup(Path).RequireAuthorization(Roles.Policy.Auditor);
        audit.MapGet("", ReadAsync);
        audit.MapGet("/verify", VerifyAsync);
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

    private static async Task<IResult> VerifyAsync(IAuditLog log, string? expectHead, CancellationToken ct)
    {
        AuditHead? head = null;
        if (expectHead is not null && (head = AuditHead.TryParse(expectHead)) is null)
            return Problem("expectHead", $"expectHead is '{expectHead}'; give SEQ:HASH (a sequence and 64 hex digits)");
        return Results.Ok(await AuditChain.VerifyAsync(log, head, AuditLogLimits.MaxPage, ct));
    }

    private static bool TryParse(string? text, long fallback, out long value)
    {
        value = fallback;
        return text is null || long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    private static IResult Problem(string parameter, string detail) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [detail] }, detail);
}
