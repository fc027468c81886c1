namespace CityMesh.Governance.Audit;

/// <summary>What a read of the log may ask for; the API and every store hold to the same limits.</summary>
public static class AuditLogLimits
{
    public const int MaxPage = 1000;

    /// <exception cref="ArgumentOutOfRangeException">Naming the argument that is out of range.</exception>
    public static void Check(long afterSequence, int limit)
    {
        if (afterSequence < 0) throw new ArgumentOutOfRangeException(nameof(afterSequence), afterSequence, "must be 0 or more");
        if (limit is < 1 or > MaxPage) throw new ArgumentOutOfRangeException(nameof(limit), limit, $"must be 1 to {MaxPage}");
    }
}
