namespace CityMesh.Governance.Audit;

/// <summary>Settings under <c>CityMesh:Governance:Audit:Witness</c>: where checkpoints are exported, outside the database.</summary>
public sealed record AuditWitnessOptions
{
    public const string Section = AuditLogOptions.Section + ":Witness";

    /// <summary>A file to append checkpoints to as JSON lines (none by default).</summary>
    public string? File { get; init; }

    /// <summary>A base URL to PUT each checkpoint under as <c>checkpoint-SEQUENCE.json</c> (none by default).</summary>
    public string? Url { get; init; }

    /// <summary>The <c>Authorization</c> header's value for <see cref="Url"/>, if the store wants one; keep it in a Secret.</summary>
    public string? Authorization { get; init; }

    /// <summary>The longest wait between retries of a failed export (default 5 minutes; the first retry is after a second, doubling).</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public AuditWitnessOptions Validated()
    {
        if (Url is not null && (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            throw new InvalidOperationException($"{Section}:Url is '{Url}'; give an absolute http(s) URL");
        if (RetryMax < TimeSpan.FromSeconds(1)) throw new InvalidOperationException($"{Section}:RetryMax is {RetryMax}; give 00:00:01 or more");
        return this;
    }
}
