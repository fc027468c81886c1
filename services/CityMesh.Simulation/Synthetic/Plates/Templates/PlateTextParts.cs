namespace CityMesh.Simulation.Synthetic.Plates.Templates;

/// <summary>What a format part may produce.</summary>
public static class PlateTextParts
{
    public const string Letter = "letter", Digit = "digit", Alphanumeric = "alphanumeric";
    public static readonly IReadOnlyList<string> Classes = [Letter, Digit, Alphanumeric];

    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", Digits = "0123456789";

    /// <summary>The characters of <paramref name="part"/>'s class less its exclusions, in order; empty for an unknown class.</summary>
    public static string Alphabet(PlateTextPart part) => Without(part.Class switch
    {
        Letter => Letters,
        Digit => Digits,
        Alphanumeric => Digits + Letters,
        _ => "",
    }, part.Exclude);

    /// <summary>The characters allowed in the part's first position.</summary>
    public static string FirstAlphabet(PlateTextPart part) => Without(Alphabet(part), part.ExcludeFirst);

    private static string Without(string alphabet, string? excluded) =>
        string.IsNullOrEmpty(excluded) ? alphabet : new string(alphabet.Where(c => !excluded.Contains(c)).ToArray());
}
