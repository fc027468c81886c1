using System.Text;

namespace CityMesh.Deploy.Tests.Images;

/// <summary>
/// Just enough of the POSIX shell's word splitting to read RUN lines: single and double quotes, backslash escapes, the
/// list operators (<c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, <c>|</c>, <c>&amp;</c>) between simple commands, and redirections
/// (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>&lt;</c>) as words of their own. No expansion, no subshells.
/// </summary>
public static class ShellWords
{
    /// <summary>The words of a command line, operators included as words.</summary>
    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        void End()
        {
            if (inWord) words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }

        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            switch (c)
            {
                case ' ' or '\t' or '\n':
                    End();
                    break;
                case '\'':
                    {
                        int close = line.IndexOf('\'', i + 1);
                        if (close < 0) throw new FormatException($"unterminated ' in: {line}");
                        word.Append(line, i + 1, close - i - 1);
                        inWord = true;
                        i = close;
                        break;
                    }
                case '"':
                    {
                        int j = i + 1;
                        for (; j < line.Length && line[j] != '"'; j++)
                        {
                            if (line[j] == '\\' && j + 1 < line.Length && line[j + 1] is '"' or '\\' or '$' or '`') j++;
                            word.Append(line[j]);
                        }
                        if (j >= line.Length) throw new FormatException($"unterminated \" in: {line}");
                        inWord = true;
                        i = j;
                        break;
                    }
                case '\\' when i + 1 < line.Length:
                    word.Append(line[++i]);
                    inWord = true;
                    break;
                case '&' or '|' or ';' or '>' or '<':
                    End();
                    var op = i + 1 < line.Length && line[i + 1] == c && c is '&' or '|' or '>' ? new string(c, 2) : c.ToString();
                    words.Add(op);
                    i += op.Length - 1;
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        End();
        return words;
    }

    /// <summary>The simple commands of a command line: words between list operators, redirections kept in.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Commands(string line)
    {
        var commands = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        foreach (var word in Split(line))
        {
            if (word is "&&" or "||" or ";" or "|" or "&")
            {
                if (current.Count > 0) commands.Add(current);
                current = [];
            }
            else
            {
                current.Add(word);
            }
        }
        if (current.Count > 0) commands.Add(current);
        return commands;
    }

    /// <summary>The packages each <c>apt-get install</c> (or <c>apt install</c>) names, options left out.</summary>
    public static IEnumerable<string> AptInstalls(string line) =>
        Commands(line)
            .Where(c => c.Count > 2 && c[0] is "apt-get" or "apt" && c.Skip(1).SkipWhile(w => w.StartsWith('-')).FirstOrDefault() == "install")
            .SelectMany(c => c.SkipWhile(w => w != "install").Skip(1).Where(w => !w.StartsWith('-')));

    /// <summary>What <c>echo</c> or <c>printf</c> write into which file: (file, text) for each <c>&gt;</c> or <c>&gt;&gt;</c>.</summary>
    public static IEnumerable<(string File, string Text)> EchoesInto(string line)
    {
        foreach (var c in Commands(line))
        {
            if (c.Count == 0 || c[0] is not ("echo" or "printf")) continue;
            int redirect = c.ToList().FindIndex(w => w is ">" or ">>");
            if (redirect < 0 || redirect + 1 >= c.Count) continue;
            var text = string.Join(' ', c.Skip(1).Take(redirect - 1).Where(w => !(c[0] == "echo" && w.StartsWith('-'))));
            yield return (c[redirect + 1], text.Replace("\\n", "", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The project (or solution, or folder) each <c>dotnet &lt;verb&gt;</c> names: its words that are neither options
    /// nor option values, e.g. <c>dotnet publish src/App.csproj -c Release -o /app</c> gives <c>src/App.csproj</c>.
    /// </summary>
    public static IEnumerable<string> DotnetProjects(string line, string verb)
    {
        foreach (var c in Commands(line))
        {
            if (c.Count < 2 || c[0] != "dotnet" || c[1] != verb) continue;
            for (int i = 2; i < c.Count; i++)
            {
                if (OptionsWithValue.Contains(c[i])) { i++; continue; }
                if (c[i].StartsWith('-') || c[i] is ">" or ">>" or "<") { if (c[i] is ">" or ">>" or "<") i++; continue; }
                yield return c[i];
            }
        }
    }

    /// <summary>The value of an option of a <c>dotnet &lt;verb&gt;</c> command (<c>-o dir</c>, <c>--output dir</c>, <c>--output=dir</c>).</summary>
    public static IEnumerable<string> DotnetOption(string line, string verb, params string[] names)
    {
        foreach (var c in Commands(line))
        {
            if (c.Count < 2 || c[0] != "dotnet" || c[1] != verb) continue;
            for (int i = 2; i < c.Count; i++)
            {
                foreach (var name in names)
                {
                    if (c[i] == name && i + 1 < c.Count) yield return c[i + 1];
                    else if (c[i].StartsWith(name + "=", StringComparison.Ordinal) || (name.Length == 2 && c[i].StartsWith(name + ":", StringComparison.Ordinal)))
                        yield return c[i][(name.Length + 1)..];
                }
            }
        }
    }

    private static readonly HashSet<string> OptionsWithValue = new(StringComparer.Ordinal)
    {
        "-c", "--configuration", "-o", "--output", "-r", "--runtime", "-f", "--framework", "-v", "--verbosity",
        "-a", "--arch", "--os", "-s", "--source", "--packages", "--artifacts-path", "--version-suffix",
    };
}
