namespace CityMesh.Governance.Audit;

/// <summary>
/// Checks a chain record by record, so a log of any length is verified reading one page at a time. Each record's
/// hash is recomputed (altered), its previous hash compared with the record before it (removed or reordered), and
/// its sequence with the one expected (gap, disorder); at the end the expected head, if any, must be there
/// (truncated). Every problem names the sequence it was found at.
/// </summary>
public sealed class AuditChainVerifier
{
    /// <summary>Problems kept in detail; a chain broken everywhere reports the first ones and how many more.</summary>
    public const int MaxProblems = 1000;

    private readonly List<AuditProblem> _problems = [];
    private AuditRecord? _last;
    private long _count;
    private long _more;
    private readonly AuditHead? _expected;
    private AuditProblemKind _lastKind;
    private string? _hashAtExpected;

    public AuditChainVerifier(AuditHead? expectedHead = null)
    {
        _expected = expectedHead;
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

        if (!string.Equals(AuditChain.Hash(record), record.Hash, StringComparison.Ordinal))
            Problem(record.Sequence, AuditProblemKind.Altered, $"record {record.Sequence} does not match its hash: a field was changed");

        if (_expected is not null && record.Sequence == _expected.Sequence) _hashAtExpected ??= record.Hash;
        _last = record;
    }

    public AuditVerification Finish()
    {
        var problems = new List<AuditProblem>(_problems);
        var head = _last is null ? null : new AuditHead(_last.Sequence, _last.Hash);
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
        return new AuditVerification(problems.Count == 0, _count, head, problems);
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
