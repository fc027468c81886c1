namespace CityMesh.Governance.Audit;

/// <summary>
/// The keys a running log uses: the ring that seals records, the checkpoint signer, and the public keys its own
/// verification trusts. PostgreSQL outlives the process, so there both must come from settings (Secrets); the
/// embedded memory log dies with the process, so there missing keys are made up for the process's life.
/// </summary>
public sealed class AuditSecrets : IDisposable
{
    private AuditSecrets(AuditKeyRing keys, AuditCheckpointSigner signer, AuditCheckpointKeys publicKeys, bool ephemeralKey, bool ephemeralSigner)
    {
        Keys = keys;
        Signer = signer;
        PublicKeys = publicKeys;
        EphemeralKey = ephemeralKey;
        EphemeralSigner = ephemeralSigner;
    }

    public AuditKeyRing Keys { get; }

    public AuditCheckpointSigner Signer { get; }

    public AuditCheckpointKeys PublicKeys { get; }

    /// <summary>The sealing key was made up at start: records cannot be verified after the process ends.</summary>
    public bool EphemeralKey { get; }

    /// <summary>The checkpoint key was made up at start: its checkpoints verify only against the public key this process printed.</summary>
    public bool EphemeralSigner { get; }

    /// <exception cref="InvalidOperationException">A key is missing for PostgreSQL, or malformed; the message names the setting.</exception>
    public static AuditSecrets From(AuditLogOptions options)
    {
        var durable = options.Store == "postgres";
        var keys = options.CreateKeys();
        if (keys is null && durable)
            throw new InvalidOperationException(
                $"{AuditLogOptions.Section}:Key (or KeyFile, or Keys:0:Id with Keys:0:Key or Keys:0:KeyFile) is required when {AuditLogOptions.Section}:Store is 'postgres': " +
                "without a secret key anyone who can write to the table could add or rewrite records unnoticed (make one with: openssl rand -base64 32)");
        var signer = options.Checkpoints.CreateSigner();
        if (signer is null && durable)
            throw new InvalidOperationException(
                $"{AuditCheckpointOptions.Section}:SigningKey (or SigningKeyFile) is required when {AuditLogOptions.Section}:Store is 'postgres': " +
                "without signed checkpoints records cut from the end go unnoticed (make one with: openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt)");
        signer ??= AuditCheckpointSigner.Ephemeral();
        var publicKeys = new AuditCheckpointKeys().Add(signer.PublicKeyPem, $"{AuditCheckpointOptions.Section}:SigningKey");
        for (var i = 0; i < options.Checkpoints.PreviousPublicKeys.Count; i++)
            publicKeys.Add(options.Checkpoints.PreviousPublicKeys[i], $"{AuditCheckpointOptions.Section}:PreviousPublicKeys:{i}");
        return new AuditSecrets(keys ?? new AuditKeyRing(AuditKey.Ephemeral()), signer, publicKeys,
            ephemeralKey: keys is null, ephemeralSigner: options.Checkpoints.SigningKey is null && options.Checkpoints.SigningKeyFile is null);
    }

    public void Dispose()
    {
        Signer.Dispose();
        PublicKeys.Dispose();
    }
}
