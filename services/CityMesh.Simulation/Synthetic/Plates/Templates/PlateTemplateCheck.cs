using System.Text.RegularExpressions;
using CityMesh.Simulation.Synthetic.Plates.Glyphs;
using CityMesh.Simulation.Synthetic.Plates.Labels;

namespace CityMesh.Simulation.Synthetic.Plates.Templates;

/// <summary>Every way a template can be wrong, each naming its field by camelCase JSON path under a prefix.</summary>
public static partial class PlateTemplateCheck
{
    // With distances from 1 m and tilts up to 75°, a plate up to 1 m across stays in front of the camera.
    private const double MaxSize = 1000;

    public static IReadOnlyList<SynthesisOptionError> Errors(PlateTemplate t, string prefix = "")
    {
        var errors = new List<SynthesisOptionError>();
        string F(string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";
        void Add(string field, string message) => errors.Add(new(F(field), message));
        void Length(string field, double value, double min, double max)
        {
            if (!double.IsFinite(value) || value < min || value > max) Add(field, $"is {value}; it must lie within [{min}, {max}] mm");
        }
        void Colour(string field, string? value)
        {
            if (!PlateColour.TryParse(value, out _)) Add(field, $"is '{value}'; a colour is written \"#RRGGBB\"");
        }

        if (!IdShape().IsMatch(t.Id ?? "")) Add("id", $"is '{t.Id}'; it must be 1–40 lower case letters, digits and '-', starting with a letter");
        Length("width", t.Width, 10, MaxSize);
        Length("height", t.Height, 10, MaxSize);
        Length("cornerRadius", t.CornerRadius, 0, Math.Min(t.Width, t.Height) / 2);
        Colour("background", t.Background);
        Colour("border", t.Border);
        Length("borderWidth", t.BorderWidth, 0, Math.Min(t.Width, t.Height) / 4);

        var s = t.Text ?? new();
        Colour("text.colour", s.Colour);
        Length("text.left", s.Left, 0, t.Width);
        Length("text.right", s.Right, 0, t.Width);
        if (s.Right <= s.Left) Add("text.right", $"is {s.Right}; it must be greater than text.left ({s.Left})");
        Length("text.top", s.Top, 0, t.Height);
        Length("text.height", s.Height, 1, t.Height);
        if (s.Top + s.Height > t.Height) Add("text.height", $"text.top + text.height ({s.Top + s.Height}) passes the plate's height ({t.Height})");
        Length("text.characterWidth", s.CharacterWidth, 1, t.Width);
        Length("text.narrowWidth", s.NarrowWidth, 1, t.Width);
        Length("text.spaceWidth", s.SpaceWidth, 0, t.Width);
        Length("text.spacing", s.Spacing, 0, t.Width);
        Length("text.stroke", s.Stroke, 0.1, Math.Min(s.CharacterWidth, s.Height) / 2);

        var format = t.Format ?? [];
        if (format.Count == 0) Add("format", "is empty; a format needs at least one part");
        int minSymbols = 0;
        for (int i = 0; i < format.Count; i++)
        {
            var p = format[i];
            string at = $"format[{i}]";
            if (p is null) { Add(at, "is null"); continue; }
            if ((p.Literal is null) == (p.Class is null)) { Add(at, "set exactly one of literal and class"); continue; }
            if (p.Literal is not null)
            {
                if (p.Literal.Length == 0) Add($"{at}.literal", "is empty");
                foreach (char c in p.Literal)
                    if (c != ' ' && (PlateCharacterClasses.Of(c) < 0 || !PlateFont.Has(c)))
                        Add($"{at}.literal", $"'{c}' is not among the labelled characters \"{PlateCharacterClasses.Characters}\" or a space");
                continue;
            }
            if (!PlateTextParts.Classes.Contains(p.Class!))
            {
                Add($"{at}.class", $"is '{p.Class}'; it must be one of {string.Join(", ", PlateTextParts.Classes)}");
                continue;
            }
            if (p.Min < 0 || p.Min > 12) Add($"{at}.min", $"is {p.Min}; it must lie within [0, 12]");
            if (p.Max < 1 || p.Max > 12) Add($"{at}.max", $"is {p.Max}; it must lie within [1, 12]");
            if (p.Max < p.Min) Add($"{at}.max", $"is {p.Max}; it must be at least min ({p.Min})");
            foreach (char c in PlateTextParts.Alphabet(p))
                if (PlateCharacterClasses.Of(c) < 0 || !PlateFont.Has(c)) Add($"{at}.class", $"'{c}' has no class or glyph");
            if (PlateTextParts.Alphabet(p).Length == 0) Add($"{at}.exclude", $"'{p.Exclude}' leaves no character of class {p.Class}");
            else if (PlateTextParts.FirstAlphabet(p).Length == 0) Add($"{at}.excludeFirst", $"'{p.ExcludeFirst}' leaves no character for the first position");
            minSymbols += Math.Max(0, p.Min);
        }
        if (t.MaxSymbols < 0) Add("maxSymbols", $"is {t.MaxSymbols}; it must be 0 (no limit) or positive");
        else if (t.MaxSymbols > 0 && minSymbols > t.MaxSymbols) Add("maxSymbols", $"is {t.MaxSymbols}, below the parts' minimum total {minSymbols}");

        var bands = t.Bands ?? [];
        for (int i = 0; i < bands.Count; i++)
        {
            var b = bands[i];
            string at = $"bands[{i}]";
            Length($"{at}.x", b.X, 0, t.Width);
            Length($"{at}.y", b.Y, 0, t.Height);
            Length($"{at}.width", b.Width, 0, t.Width - b.X);
            Length($"{at}.height", b.Height, 0, t.Height - b.Y);
            Colour($"{at}.colour", b.Colour);
        }
        var decorations = t.Decorations ?? [];
        for (int i = 0; i < decorations.Count; i++)
        {
            var d = decorations[i];
            string at = $"decorations[{i}]";
            if (d.Character is not { Length: 1 }) Add($"{at}.character", $"is '{d.Character}'; it must be exactly one character");
            else if (!PlateFont.Has(d.Character[0])) Add($"{at}.character", $"'{d.Character}' is not in the plate font ({string.Concat(PlateFont.Characters)})");
            Length($"{at}.x", d.X, 0, t.Width);
            Length($"{at}.y", d.Y, 0, t.Height);
            Length($"{at}.width", d.Width, 0.5, t.Width - d.X);
            Length($"{at}.height", d.Height, 0.5, t.Height - d.Y);
            Length($"{at}.stroke", d.Stroke, 0.1, Math.Max(0.1, Math.Min(d.Width, d.Height) / 2));
            Colour($"{at}.colour", d.Colour);
        }
        var screws = t.Screws ?? [];
        for (int i = 0; i < screws.Count; i++)
        {
            string at = $"screws[{i}]";
            Length($"{at}.x", screws[i].X, 0, t.Width);
            Length($"{at}.y", screws[i].Y, 0, t.Height);
            Length($"{at}.radius", screws[i].Radius, 0.5, Math.Min(t.Width, t.Height) / 4);
        }
        return errors;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex IdShape();
}
