namespace CityMesh.Simulation.Synthetic.Plates.Templates;

/// <summary>Draws registrations that follow a template's format.</summary>
public static class PlateTextGenerator
{
    /// <summary>
    /// One registration: each part's length uniform in its range (redrawn while the total breaks
    /// <see cref="PlateTemplate.MaxSymbols"/>; the template check guarantees the minimum lengths fit), then each
    /// character uniform over its position's alphabet.
    /// </summary>
    public static string Generate(PlateTemplate template, ref PlateRandom random)
    {
        var parts = template.Format;
        Span<int> lengths = stackalloc int[parts.Count];
        for (int attempt = 0; ; attempt++)
        {
            int total = 0;
            for (int i = 0; i < parts.Count; i++)
            {
                var p = parts[i];
                lengths[i] = p.Literal is not null ? 0 : p.Min + random.Next(p.Max - p.Min + 1);
                total += lengths[i];
            }
            if (template.MaxSymbols <= 0 || total <= template.MaxSymbols) break;
            if (attempt == 64)
            {
                // Vanishingly rare with sane formats; fall back to the minimum lengths, which always fit.
                for (int i = 0; i < parts.Count; i++) lengths[i] = parts[i].Literal is not null ? 0 : parts[i].Min;
                break;
            }
        }
        var text = new System.Text.StringBuilder(16);
        for (int i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            if (p.Literal is not null) { text.Append(p.Literal); continue; }
            string first = PlateTextParts.FirstAlphabet(p), rest = PlateTextParts.Alphabet(p);
            for (int k = 0; k < lengths[i]; k++)
            {
                var alphabet = k == 0 ? first : rest;
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }
        }
        return text.ToString();
    }
}
