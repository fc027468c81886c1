namespace CityMesh.Governance.Audit;

/// <summary>
/// Checks a chain record by record, so a log of any length is verified reading one page at a time. Each record's MAC is
/// recomputed with the key it names (altered, or made without the key), its previous hash compared with the record
/// before it (removed or reordered), and its sequence with the one expected (gap, disorder). Signed checkpoints pin
/// heads: a record at a checkpoint's sequence must carry its hash, and the log must reach the latest one (truncated).
/// Legacy records (unkeyed, from before logs were keyed) are checked by their SHA-256 and trusted only when a keyed record
/// follows them, whose MAC covers their last hash and so all of them. Every problem names the sequence it was found at.
/// </summary>
public sealed class AuditChainVerifier
{
    /// <summary>Problems kept in detail; a chain broken everywhere reports the first ones and how many more.</summary>
    public const int MaxProblems = 1000;

    private readonly AuditKeyRing _keys;
    private readonly List<AuditProblem> _problems = [];
    private readonly Dictionary<long, (AuditCheckpoint Checkpoint, string Source)> _pinned = [];
    private readonly AuditHead? _expected;
    private (AuditCheckpoint Checkpoint, string Source)? _latestCheckpoint;
    private AuditRecord? _last;
    private long _count;
    private long _legacy;
    private long _checkpointsMatched;
    private bool _keyedSeen;
    private long _more;
    private AuditProblemKind _lastKind;
    private string? _hashAtExpected;

    public AuditChainVerifier(AuditKeyRing keys, AuditHead? expectedHead = null, AuditCheckpointEvidence? checkpoints = null)
    {
        _keys = keys;
        _expected = expectedHead;
        if (checkpoints is not null) Pin(checkpoints);
    }

    private void Pin(AuditCheckpointEvidence evidence)
    {
        foreach (var (checkpoint, source) in evidence.Checkpoints.OrderBy(c => c.Checkpoint.Sequence))
        {
            switch (evidence.Keys.Check(checkpoint))
            {
                case AuditCheckpointCheck.BadSignature:
                    Problem(checkpoint.Sequence, AuditProblemKind.BadCheckpoint,
                        $"the checkpoint at record {checkpoint.Sequence} ({source}) has a bad signature: it was forged or changed");
                    continue;
                case AuditCheckpointCheck.UnknownSigner:
                    Problem(checkpoint.Sequence, AuditProblemKind.BadCheckpoint,
                        $"the checkpoint at record {checkpoint.Sequence} ({source}) is signed by key {checkpoint.Signer}, whose public key this verifier does not hold");
                    continue;
            }
            if (_pinned.TryGetValue(checkpoint.Sequence, out var other))
            {
                if (!string.Equals(other.Checkpoint.Hash, checkpoint.Hash, StringComparison.OrdinalIgnoreCase))
                    Problem(checkpoint.Sequence, AuditProblemKind.BadCheckpoint,
                        $"two signed checkpoints at record {checkpoint.Sequence} disagree ({other.Source}; {source}): the chain was rewritten by someone holding the signing key");
                continue;
            }
            _pinned[checkpoint.Sequence] = (checkpoint, source);
            _latestCheckpoint = (checkpoint, source);
        }
    }

    public void Add(AuditRecord record)
    {
        _count++;
        var expectedSequence = (_last?.Sequence ?? 0) + 1;
        if (record.Sequence > expectedSequence)
            Problem(record.Sequence, AuditProblemKind.SequenceGap, record.Sequence == expectedSequence + 1
                ? $"record {expectedSequence} is missing"
                : $"records {expectedSequence} to {record.Sequence - 1} are missing");
        else if (record.Sequence < expectedSequence)
            Problem(record.Sequence, AuditProblemKind.OutOfOrder, $"record {record.Sequence} comes after record {_last!.Sequence}");

        var previous = _last?.Hash ?? AuditChain.Genesis;
        if (!string.Equals(record.PreviousHash, previous, StringComparison.Ordinal))
            Problem(record.Sequence, AuditProblemKind.BrokenLink, _last is null
                ? $"record {record.Sequence} is first but does not start the chain (its previous hash is not {AuditChain.Genesis[..8]}…)"
                : $"record {record.Sequence} does not follow record {_last.Sequence} (its previous hash is not that record's hash)");

        if (record.KeyId is null) CheckLegacy(record);
        else CheckKeyed(record, record.KeyId);

        if (_pinned.TryGetValue(record.Sequence, out var pinned))
        {
            if (string.Equals(pinned.Checkpoint.Hash, record.Hash, StringComparison.OrdinalIgnoreCase)) _checkpointsMatched++;
            else
                Problem(record.Sequence, AuditProblemKind.Truncated,
                    $"record {record.Sequence} is not the one the signed checkpoint ({pinned.Source}) names: the log was cut and rewritten from there");
        }
        if (_expected is not null && record.Sequence == _expected.Sequence) _hashAtExpected ??= record.Hash;
        _last = record;
    }

    private void CheckKeyed(AuditRecord record, string keyId)
    {
        _keyedSeen = true;
        if (_keys.Find(keyId) is not { } key)
            Problem(record.Sequence, AuditProblemKind.UnknownKey,
                $"record {record.Sequence} is sealed with key '{keyId}', which this verifier does not hold: its MAC cannot be checked");
        else if (!string.Equals(AuditChain.Mac(key, record), record.Hash, StringComparison.Ordinal))
            Problem(record.Sequence, AuditProblemKind.Altered,
                $"record {record.Sequence} does not match its MAC under key '{keyId}': it was changed, or written without the key");
    }

    private void CheckLegacy(AuditRecord record)
    {
        if (_keyedSeen)
        {
            Problem(record.Sequence, AuditProblemKind.Unkeyed,
                $"record {record.Sequence} has no key id but follows keyed records: it was written without the key");
            return;
        }
        _legacy++;
        if (!string.Equals(AuditChain.LegacyHash(record), record.Hash, StringComparison.Ordinal))
            Problem(record.Sequence, AuditProblemKind.Altered, $"record {record.Sequence} (legacy, unkeyed) does not match its hash: a field was changed");
    }

    public AuditVerification Finish()
    {
        var problems = new List<AuditProblem>(_problems);
        var head = _last is null ? null : new AuditHead(_last.Sequence, _last.Hash);
        if (_legacy > 0 && !_keyedSeen)
            problems.Add(new AuditProblem(head!.Sequence, AuditProblemKind.Unkeyed,
                $"records up to {head.Sequence} are legacy (unkeyed) and no keyed record follows them: anyone with write access could have rewritten them"));
        if (_latestCheckpoint is { } latest && (head is null || head.Sequence < latest.Checkpoint.Sequence))
            problems.Add(new AuditProblem(latest.Checkpoint.Sequence, AuditProblemKind.Truncated,
                $"the log ends at record {head?.Sequence ?? 0}, before the signed checkpoint at record {latest.Checkpoint.Sequence} ({latest.Source}): records were removed from the end"));
        if (_expected is { } expected)
        {
            if (head is null || head.Sequence < expected.Sequence)
                problems.Add(new AuditProblem(expected.Sequence, AuditProblemKind.Truncated,
                    $"the log ends at record {head?.Sequence ?? 0}, before the expected head {expected.Sequence}: records were removed from the end"));
            else if (_hashAtExpected is null)
                problems.Add(new AuditProblem(expected.Sequence, AuditProblemKind.Truncated, $"record {expected.Sequence}, the expected head, is missing"));
            else if (!string.Equals(_hashAtExpected, expected.Hash, StringComparison.OrdinalIgnoreCase))
                problems.Add(new AuditProblem(expected.Sequence, AuditProblemKind.Truncated,
                    $"record {expected.Sequence} is not the expected head (its hash differs): the log was cut and rewritten from there"));
        }
        if (_more > 0) problems.Add(new AuditProblem(head?.Sequence ?? 0, _lastKind, $"and {_more} more problems not listed"));
        return new AuditVerification(problems.Count == 0, _count, head, problems, _legacy, _checkpointsMatched, _latestCheckpoint?.Checkpoint);
    }

    private void Problem(long sequence, AuditProblemKind kind, string message)
    {
        if (_problems.Count < MaxProblems) _problems.Add(new AuditProblem(sequence, kind, message));
        else
        {
            _more++;
            _lastKind = kind;
        }
    }
}
