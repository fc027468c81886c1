namespace CityMesh.Governance.Audit;

/// <summary>Settings under <c>CityMesh:Governance:Audit:Checkpoints</c>: signed heads, how often, and with which key.</summary>
public sealed record AuditCheckpointOptions
{
    public const string Section = AuditLogOptions.Section + ":Checkpoints";

    /// <summary>The ECDSA P-256 private key (PEM) that signs checkpoints; or <see cref="SigningKeyFile"/>.</summary>
    public string? SigningKey { get; init; }

    /// <summary>A file holding the PEM, such as a mounted Kubernetes Secret.</summary>
    public string? SigningKeyFile { get; init; }

    /// <summary>Public keys (PEM) of earlier signing keys, so the service's own verification still checks checkpoints they signed.</summary>
    public List<string> PreviousPublicKeys { get; init; } = [];

    /// <summary>A checkpoint once this many records were appended since the last one (default 100).</summary>
    public int EveryRecords { get; init; } = 100;

    /// <summary>A checkpoint once this long passed since the last one, if the log moved (default 5 minutes).</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the head is looked at (default 5 seconds).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <exception cref="InvalidOperationException">A setting is out of range; the message names it.</exception>
    public AuditCheckpointOptions Validated()
    {
        if (EveryRecords < 1) throw new InvalidOperationException($"{Section}:EveryRecords is {EveryRecords}; give 1 or more");
        if (Every <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:Every is {Every}; give a positive time such as 00:05:00");
        if (CheckInterval <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:CheckInterval is {CheckInterval}; give a positive time such as 00:00:05");
        if (SigningKey is not null && SigningKeyFile is not null)
            throw new InvalidOperationException($"give {Section}:SigningKey or {Section}:SigningKeyFile, not both");
        return this;
    }

    /// <summary>The signer the settings name, or null when they name none.</summary>
    public AuditCheckpointSigner? CreateSigner() =>
        SigningKey is not null ? AuditCheckpointSigner.FromPem(SigningKey, $"{Section}:SigningKey")
        : SigningKeyFile is not null ? AuditCheckpointSigner.FromFile(SigningKeyFile, $"{Section}:SigningKeyFile")
        : null;
}
