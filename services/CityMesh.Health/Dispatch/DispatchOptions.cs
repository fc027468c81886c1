namespace CityMesh.Health.Dispatch;

/// <summary>How ambulances are sent and where patients go (<c>CityMesh:Health:Dispatch</c>).</summary>
public sealed record DispatchOptions
{
    /// <summary>Plan and propose a dispatch for each new call without being asked.</summary>
    public bool Automatic { get; init; } = true;

    /// <summary>Free ambulances routed per call, nearest first as the crow flies: the rest are farther by road too, almost always.</summary>
    public int Candidates { get; init; } = 5;

    /// <summary>A hospital with this many or fewer free beds of the type the patient needs counts as full: the last beds are kept for its own emergencies.</summary>
    public int ReserveBeds { get; init; } = 2;

    /// <summary>An undecided dispatch proposal expires after this (a call cannot wait for a slow approval).</summary>
    public TimeSpan ProposalLifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a diversion proposal asks a full hospital to turn ambulances away.</summary>
    public TimeSpan DiversionLength { get; init; } = TimeSpan.FromHours(2);

    /// <summary>An undecided diversion proposal expires after this.</summary>
    public TimeSpan DiversionProposalLifetime { get; init; } = TimeSpan.FromMinutes(30);

    internal void Validate(string section)
    {
        static void Require(bool ok, string key, object value, string rule)
        {
            if (!ok) throw new InvalidOperationException($"{key} is {value}; it must be {rule}.");
        }
        Require(Candidates is >= 1 and <= 50, $"{section}:Candidates", Candidates, "from 1 to 50");
        Require(ReserveBeds >= 0, $"{section}:ReserveBeds", ReserveBeds, "at least 0");
        Require(ProposalLifetime > TimeSpan.Zero, $"{section}:ProposalLifetime", ProposalLifetime, "positive");
        Require(DiversionLength > TimeSpan.Zero && DiversionLength <= TimeSpan.FromDays(1), $"{section}:DiversionLength", DiversionLength, "positive and at most 1.00:00:00");
        Require(DiversionProposalLifetime > TimeSpan.Zero, $"{section}:DiversionProposalLifetime", DiversionProposalLifetime, "positive");
    }
}
