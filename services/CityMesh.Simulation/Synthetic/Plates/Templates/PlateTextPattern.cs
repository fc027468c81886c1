using System.Text;
using System.Text.RegularExpressions;

namespace CityMesh.Simulation.Synthetic.Plates.Templates;

/// <summary>A template's format as a regular expression, to check texts from elsewhere (a manifest, a user).</summary>
public static class PlateTextPattern
{
    public static Regex For(PlateTemplate template)
    {
        var pattern = new StringBuilder("^");
        foreach (var p in template.Format)
        {
            if (p.Literal is not null) { pattern.Append(Regex.Escape(p.Literal)); continue; }
            if (p.Max == 0) continue;
            string first = Set(PlateTextParts.FirstAlphabet(p)), rest = Set(PlateTextParts.Alphabet(p));
            pattern.Append(p.Min == 0 ? $"(?:{first}{rest}{{0,{p.Max - 1}}})?" : $"{first}{rest}{{{p.Min - 1},{p.Max - 1}}}");
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>Whether <paramref name="text"/> keeps the template's format, total length limit included.</summary>
    public static bool Matches(PlateTemplate template, string text) =>
        For(template).IsMatch(text) && (template.MaxSymbols <= 0 || text.Count(char.IsLetterOrDigit) <= template.MaxSymbols);

    private static string Set(string alphabet) => "[" + Regex.Escape(alphabet).Replace("]", "\\]").Replace("-", "\\-") + "]";
}
