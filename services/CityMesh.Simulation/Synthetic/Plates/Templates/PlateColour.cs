using System.Globalization;

namespace CityMesh.Simulation.Synthetic.Plates.Templates;

/// <summary>Template colours are written as people pick them (sRGB hex); scenes carry linear light.</summary>
public static class PlateColour
{
    /// <summary>Parses "#RRGGBB" to linear RGB; false when the text is not that shape.</summary>
    public static bool TryParse(string? text, out Rgb colour)
    {
        colour = default;
        if (text is not { Length: 7 } || text[0] != '#') return false;
        if (!int.TryParse(text.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return false;
        colour = new(Linear((value >> 16) & 255), Linear((value >> 8) & 255), Linear(value & 255));
        return true;
    }

    public static Rgb Parse(string text) =>
        TryParse(text, out var c) ? c : throw new FormatException($"'{text}' is not a colour \"#RRGGBB\"");

    private static float Linear(int channel)
    {
        double c = channel / 255.0;
        return (float)(c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4));
    }
}
