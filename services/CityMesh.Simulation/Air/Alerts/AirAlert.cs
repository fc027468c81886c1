namespace CityMesh.Simulation.Air.Alerts;

/// <summary>
/// An active band alert of a station: the band it is in (<see cref="Band"/>, its index in the definition), the
/// pollutant that drove it with its mean over <see cref="AveragingHours"/>, when the alert was raised
/// (<see cref="Since"/>) and when it reached its present band (<see cref="BandSince"/>).
/// </summary>
public sealed record AirAlert(
    string Station, string Pollutant, int Band, string BandName, double Value, int AveragingHours, DateTimeOffset Since, DateTimeOffset BandSince);

public enum AirAlertChangeKind
{
    /// <summary>The station's band rose to or above the alert band.</summary>
    Raised,

    /// <summary>An active alert's band went up, or came down while staying at or above the alert band.</summary>
    Moved,

    /// <summary>The station stayed clearly below the alert band for the hold time.</summary>
    Cleared,
}

/// <summary>What changed at one update: the alert as it now is (as it last was for <see cref="AirAlertChangeKind.Cleared"/>) and the band before.</summary>
public sealed record AirAlertChange(AirAlertChangeKind Kind, AirAlert Alert, int? PreviousBand, DateTimeOffset At);
