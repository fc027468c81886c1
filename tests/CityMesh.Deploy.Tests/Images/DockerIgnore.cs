using System.Text;
using System.Text.RegularExpressions;

namespace CityMesh.Deploy.Tests.Images;

/// <summary>
/// A <c>.dockerignore</c> applied as Docker applies it (moby's patternmatcher, which BuildKit uses for the context):
/// <list type="bullet">
/// <item>lines starting with <c>#</c> are comments; lines are trimmed, blank ones skipped; a leading <c>!</c> makes an
/// exception; each pattern is cleaned as Go's <c>filepath.Clean</c> cleans it and a leading <c>/</c> is dropped, so
/// <c>/foo</c>, <c>./foo</c> and <c>foo/</c> all mean <c>foo</c>;</item>
/// <item>the glob is Go's <c>filepath.Match</c> (<c>*</c> and <c>?</c> stop at <c>/</c>, <c>[...]</c> classes negated with
/// <c>^</c>, <c>\</c> escapes) plus <c>**</c>, which matches any number of directories, none included;</item>
/// <item>a pattern matches a path when it matches the path or one of its parent directories, so <c>bin</c> excludes
/// everything under it, and the last pattern that matches decides: a later <c>!</c> line re-includes.</item>
/// </list>
/// </summary>
public sealed class DockerIgnore
{
    private readonly IReadOnlyList<Pattern> _patterns;

    private DockerIgnore(IReadOnlyList<Pattern> patterns) => _patterns = patterns;

    public static DockerIgnore None { get; } = new([]);

    public IReadOnlyList<string> Patterns => _patterns.Select(p => (p.Exception ? "!" : "") + p.Cleaned).ToArray();

    public static DockerIgnore Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path)) : None;

    /// <summary>Reads a .dockerignore's text, refusing what Docker refuses: a bare <c>!</c> and malformed classes.</summary>
    public static DockerIgnore Parse(string text)
    {
        var patterns = new List<Pattern>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            var line = n == 0 ? lines[n].TrimStart('\uFEFF') : lines[n];
            if (line.StartsWith('#')) continue;
            var pattern = line.Trim();
            if (pattern.Length == 0) continue;
            bool exception = pattern[0] == '!';
            if (exception)
            {
                pattern = pattern[1..].Trim();
                if (pattern.Length == 0) throw new FormatException($".dockerignore line {n + 1}: illegal exclusion pattern \"!\"");
            }
            pattern = CleanPath(pattern);
            if (pattern.Length > 1 && pattern[0] == '/') pattern = pattern[1..];
            patterns.Add(Pattern.Compile(pattern, exception, n + 1));
        }
        return new DockerIgnore(patterns);
    }

    /// <summary>Whether <paramref name="path"/> (relative to the context root, <c>/</c>-separated) stays out of the context.</summary>
    public bool Excludes(string path)
    {
        path = CleanPath(path.Replace('\\', '/'));
        if (path is "." or "") return false;
        var parents = path.Split('/')[..^1];
        bool matched = false;
        foreach (var pattern in _patterns)
        {
            // As patternmatcher does: an inclusion only matters while not yet excluded, an exception only once excluded.
            if (pattern.Exception != matched) continue;
            bool match = pattern.Matches(path);
            for (int i = 0; !match && i < parents.Length; i++)
                match = pattern.Matches(string.Join('/', parents[..(i + 1)]));
            if (match) matched = !pattern.Exception;
        }
        return matched;
    }

    /// <summary>Go's <c>path.Clean</c>: one slash between names, no <c>.</c>, <c>..</c> resolved lexically, no trailing slash.</summary>
    public static string CleanPath(string path)
    {
        if (path.Length == 0) return ".";
        bool rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        var cleaned = (rooted ? "/" : "") + string.Join('/', parts);
        return cleaned.Length == 0 ? "." : cleaned;
    }

    private enum Kind { Exact, Prefix, Suffix, Regex }

    private sealed record Pattern(string Cleaned, bool Exception, Kind Kind, Regex? Regex)
    {
        public bool Matches(string path) => Kind switch
        {
            Kind.Exact => path == Cleaned,
            Kind.Prefix => path.StartsWith(Cleaned[..^2], StringComparison.Ordinal),
            // "**/foo" matches "foo" too.
            Kind.Suffix => path.EndsWith(Cleaned[2..], StringComparison.Ordinal)
                || (Cleaned.Length > 2 && Cleaned[2] == '/' && path == Cleaned[3..]),
            _ => Regex!.IsMatch(path),
        };

        // The translation patternmatcher makes, kinds included: its Exact/Prefix/Suffix shortcuts are not always what the
        // regular expression would say (e.g. "**.md" is a suffix test), and Docker does what the shortcut says.
        public static Pattern Compile(string cleaned, bool exception, int line)
        {
            ValidateClasses(cleaned, line);
            var regex = new StringBuilder("^");
            var kind = Kind.Exact;
            for (int i = 0, step = 0; i < cleaned.Length; i++, step++)
            {
                char ch = cleaned[i];
                if (ch == '*')
                {
                    if (i + 1 < cleaned.Length && cleaned[i + 1] == '*')
                    {
                        i++;
                        if (i + 1 < cleaned.Length && cleaned[i + 1] == '/') i++;
                        if (i + 1 >= cleaned.Length)
                        {
                            if (kind == Kind.Exact) kind = Kind.Prefix;
                            else { regex.Append(".*"); kind = Kind.Regex; }
                        }
                        else
                        {
                            regex.Append("(.*/)?");
                            kind = Kind.Regex;
                        }
                        if (step == 0) kind = Kind.Suffix;
                    }
                    else
                    {
                        regex.Append("[^/]*");
                        kind = Kind.Regex;
                    }
                }
                else if (ch == '?')
                {
                    regex.Append("[^/]");
                    kind = Kind.Regex;
                }
                else if (".+()|{}$".Contains(ch, StringComparison.Ordinal))
                {
                    regex.Append('\\').Append(ch);
                }
                else if (ch == '\\')
                {
                    if (i + 1 < cleaned.Length)
                    {
                        regex.Append('\\').Append(cleaned[++i]);
                        kind = Kind.Regex;
                    }
                    else
                    {
                        regex.Append(@"\\");
                    }
                }
                else if (ch is '[' or ']')
                {
                    regex.Append(ch);
                    kind = Kind.Regex;
                }
                else
                {
                    regex.Append(ch);
                }
            }
            if (kind != Kind.Regex) return new Pattern(cleaned, exception, kind, null);
            regex.Append('$');
            try
            {
                return new Pattern(cleaned, exception, kind, new Regex(regex.ToString(), RegexOptions.CultureInvariant));
            }
            catch (ArgumentException e)
            {
                throw new FormatException($".dockerignore line {line}: bad pattern '{cleaned}': {e.Message}", e);
            }
        }

        // filepath.Match's syntax errors: a class left open, empty, with a bare '-' or ']' member or a range running
        // backwards, and a trailing escape.
        private static void ValidateClasses(string pattern, int line)
        {
            FormatException Bad(string why) => new($".dockerignore line {line}: bad pattern '{pattern}': {why}");
            char Escaped(ref int j)
            {
                if (j >= pattern.Length) throw Bad("unterminated [");
                if (pattern[j] is '-' or ']') throw Bad($"'{pattern[j]}' where a class member belongs");
                if (pattern[j] == '\\' && ++j >= pattern.Length) throw Bad("trailing \\");
                return pattern[j++];
            }

            for (int i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] == '\\')
                {
                    if (++i >= pattern.Length) throw Bad("trailing \\");
                    continue;
                }
                if (pattern[i] != '[') continue;
                int j = i + 1;
                if (j < pattern.Length && pattern[j] == '^') j++;
                for (int members = 0; !(j < pattern.Length && pattern[j] == ']' && members > 0); members++)
                {
                    char low = Escaped(ref j);
                    if (j < pattern.Length && pattern[j] == '-')
                    {
                        j++;
                        char high = Escaped(ref j);
                        if (high < low) throw Bad($"range {low}-{high} runs backwards");
                    }
                }
                i = j;
            }
        }
    }
}
