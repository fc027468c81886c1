namespace CityMesh.Scenarios.Loading;

/// <summary>Suggests the known name closest to a misspelt one (edit distance, ignoring case).</summary>
internal static class DidYouMean
{
    public static string? Suggest(string name, IEnumerable<string> known)
    {
        var limit = Math.Max(1, name.Length / 3);
        return known.Select(k => (k, d: Distance(name.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(c => c.d <= limit).OrderBy(c => c.d).Select(c => c.k).FirstOrDefault();
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
