using System.Globalization;

namespace CityMesh.Twin.Changes;

/// <summary>
/// A place in the twin's change log: the log's epoch (which log, so a position from another is never taken for one of
/// this) and the sequence number of the last change before it. Written <c>EPOCH.SEQUENCE</c>; clients treat it as
/// opaque text.
/// </summary>
public readonly record struct ChangePosition(string Epoch, long Sequence)
{
    public override string ToString() => $"{Epoch}.{Sequence.ToString(CultureInfo.InvariantCulture)}";

    /// <exception cref="FormatException">Not a position this twin writes; the message says what one looks like.</exception>
    public static ChangePosition Parse(string text)
    {
        var dot = text.LastIndexOf('.');
        if (dot <= 0 || !long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            throw new FormatException($"'{(text.Length > 80 ? text[..80] + "…" : text)}' is not a change position: use one the twin gave (EPOCH.SEQUENCE)");
        return new ChangePosition(text[..dot], sequence);
    }
}
