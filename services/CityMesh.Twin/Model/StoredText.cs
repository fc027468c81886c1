using System.Text.Json;

namespace CityMesh.Twin.Model;

/// <summary>
/// What text the twin keeps: Unicode text without NUL. PostgreSQL holds neither U+0000 (text and jsonb refuse it) nor
/// half of a UTF-16 surrogate pair (it has no UTF-8 form), so the memory store refuses them too and both stores keep the
/// same. Ids, type and attribute names, text values, JSON values and query parameters all pass this one rule.
/// </summary>
public static class StoredText
{
    public const string NulReason = "holds a NUL character (U+0000), which the twin does not keep";
    public const string SurrogateReason = "holds half of a UTF-16 surrogate pair, which is not text";

    /// <returns>Null when <paramref name="text"/> can be kept; otherwise why not.</returns>
    public static string? Problem(ReadOnlySpan<char> text)
    {
        if (text.Contains('\0')) return NulReason;
        // Vectorised scans find the rare surrogate; only then are pairs checked one by one.
        var at = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (!char.IsHighSurrogate(text[at]) || at + 1 >= text.Length || !char.IsLowSurrogate(text[at + 1])) return SurrogateReason;
            at += 2;
            var next = text[at..].IndexOfAnyInRange('\uD800', '\uDFFF');
            at = next < 0 ? -1 : at + next;
        }
        return null;
    }

    /// <summary>
    /// The same rule for a structured value kept as compact JSON text, where NUL and surrogates travel as escapes
    /// (<c>\u0000</c>, <c>\ud800</c>); the text is read only when such an escape appears.
    /// </summary>
    public static string? ProblemInJson(string json)
    {
        if (!json.Contains("\\u0000", StringComparison.Ordinal) && !json.Contains("\\ud", StringComparison.OrdinalIgnoreCase)) return null;
        using var document = JsonDocument.Parse(json);
        return ProblemIn(document.RootElement);
    }

    private static string? ProblemIn(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if ((Decoded(() => member.Name) ?? ProblemIn(member.Value)) is { } problem) return problem;
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (ProblemIn(item) is { } problem) return problem;
                }
                return null;
            case JsonValueKind.String:
                return Decoded(() => element.GetString()!);
            default:
                return null;
        }
    }

    /// <summary>A JSON string that is half a surrogate pair cannot be read as a .NET string at all.</summary>
    private static string? Decoded(Func<string> read)
    {
        try
        {
            return Problem(read());
        }
        catch (InvalidOperationException)
        {
            return SurrogateReason;
        }
    }
}
