using System.Text;
using System.Text.Json;

namespace CityMesh.Deploy.Tests.Images;

/// <summary>One Dockerfile instruction after line continuations are joined: keyword, leading flags and the rest.</summary>
/// <param name="Line">1-based line the instruction starts on.</param>
/// <param name="Flags">Leading <c>--name=value</c> (or bare <c>--name</c>, value "") flags, e.g. COPY's <c>--from</c>.</param>
/// <param name="Arguments">What follows the flags: the JSON array's strings for the exec form, else whitespace-separated words.</param>
/// <param name="Text">What follows the flags, as written (continuations joined as the builder joins them).</param>
public sealed record DockerInstruction(
    int Line, string Keyword, IReadOnlyDictionary<string, string> Flags, IReadOnlyList<string> Arguments, string Text, bool ExecForm)
{
    public string? Flag(string name) => Flags.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"line {Line}: {Keyword} {Text}";
}

/// <summary>A build stage: its FROM and the instructions up to the next FROM.</summary>
public sealed record DockerStage(int Index, string BaseImage, string? Name, DockerInstruction From, IReadOnlyList<DockerInstruction> Instructions)
{
    public string DisplayName => Name ?? Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A Dockerfile read as the builder reads it: comment lines dropped (also inside a continuation), a line ending in the escape
/// character (<c>\</c>, or what an <c># escape=</c> directive says) continues on the next, keywords are case-insensitive, and
/// each FROM starts a stage (<c>FROM image [AS name]</c>). Heredocs are not supported and are refused.
/// </summary>
public sealed class Dockerfile
{
    private static readonly HashSet<string> FlaggedKeywords = new(StringComparer.Ordinal) { "FROM", "COPY", "ADD", "RUN", "HEALTHCHECK" };
    private static readonly HashSet<string> ExecFormKeywords = new(StringComparer.Ordinal) { "RUN", "CMD", "ENTRYPOINT", "COPY", "ADD", "SHELL", "VOLUME" };

    private Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions, IReadOnlyList<DockerStage> stages)
    {
        Path = path;
        Instructions = instructions;
        Stages = stages;
    }

    public string Path { get; }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path), path);

    public static Dockerfile Parse(string text, string path = "Dockerfile")
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        char escape = '\\';
        int first = 0;
        // Parser directives: "# key=value" lines at the very top, before any comment, blank line or instruction.
        for (; first < lines.Length; first++)
        {
            var directive = System.Text.RegularExpressions.Regex.Match(lines[first], @"^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$");
            if (!directive.Success) break;
            if (directive.Groups[1].Value.Equals("escape", StringComparison.OrdinalIgnoreCase))
            {
                var value = directive.Groups[2].Value;
                if (value is not ("\\" or "`")) throw new FormatException($"{path}: escape directive must be \\ or `, not {value}");
                escape = value[0];
            }
        }

        var instructions = new List<DockerInstruction>();
        var pending = new StringBuilder();
        int start = 0;
        for (int i = first; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith('#')) continue;
            if (pending.Length == 0)
            {
                if (trimmed.Length == 0) continue;
                start = i + 1;
            }
            else if (trimmed.Length == 0)
            {
                continue;
            }

            var content = line.TrimEnd();
            if (content.EndsWith(escape))
            {
                // As the builder joins them: the escape and the newline go, the next line's leading whitespace too.
                pending.Append(content[..^1].TrimStart());
                continue;
            }
            pending.Append(content.TrimStart());
            instructions.Add(ParseInstruction(pending.ToString(), start, path));
            pending.Clear();
        }
        if (pending.Length > 0)
            throw new FormatException($"{path}: line {start}: the last instruction ends in a line continuation");

        return new Dockerfile(path, instructions, SplitStages(instructions, path));
    }

    /// <summary>The stage named <paramref name="name"/> (case-insensitive, as the builder matches names), or by index.</summary>
    public DockerStage Stage(string name) =>
        Stages.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? (int.TryParse(name, out var index) && index >= 0 && index < Stages.Count ? Stages[index] : null)
        ?? throw new KeyNotFoundException($"{Path}: no stage named '{name}' (stages: {string.Join(", ", Stages.Select(s => s.DisplayName))})");

    /// <summary>The stage a FROM or <c>--from</c> names, if it names an earlier stage rather than an image.</summary>
    public DockerStage? EarlierStage(string reference, int before) =>
        Stages.Take(before).LastOrDefault(s => string.Equals(s.Name, reference, StringComparison.OrdinalIgnoreCase))
        ?? (int.TryParse(reference, out var index) && index >= 0 && index < before ? Stages[index] : null);

    /// <summary>The stage and the stages it builds FROM, nearest first.</summary>
    public IEnumerable<DockerStage> Lineage(DockerStage stage)
    {
        for (DockerStage? s = stage; s is not null; s = EarlierStage(s.BaseImage, s.Index))
            yield return s;
    }

    /// <summary>The last value of an instruction in the stage or the stages it builds from (USER, WORKDIR, ENTRYPOINT, CMD...).</summary>
    public DockerInstruction? Effective(DockerStage stage, string keyword) =>
        Lineage(stage).Select(s => s.Instructions.LastOrDefault(i => i.Keyword == keyword)).FirstOrDefault(i => i is not null);

    /// <summary>The stage's environment: ENV instructions of the stages it builds from, then its own, later ones winning.</summary>
    public IReadOnlyDictionary<string, string> Environment(DockerStage stage)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in Lineage(stage).Reverse())
            foreach (var i in s.Instructions.Where(i => i.Keyword == "ENV"))
                foreach (var (key, value) in ParseEnv(i))
                    env[key] = value;
        return env;
    }

    /// <summary>The ports a stage exposes, its own and inherited (<c>8080</c>, <c>8080/tcp</c>).</summary>
    public IReadOnlyList<string> Exposed(DockerStage stage) =>
        Lineage(stage).SelectMany(s => s.Instructions).Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Arguments).ToArray();

    /// <summary>The RUN instructions of a stage and those it builds from.</summary>
    public IEnumerable<DockerInstruction> Runs(DockerStage stage) =>
        Lineage(stage).SelectMany(s => s.Instructions).Where(i => i.Keyword == "RUN");

    /// <summary>ENV pairs: <c>ENV a=1 b="two words"</c>, or the legacy <c>ENV a one value</c>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ParseEnv(DockerInstruction env)
    {
        var words = ShellWords.Split(env.Text);
        if (words.Count == 0) throw new FormatException($"{env}: ENV without a name");
        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            var text = env.Text.Trim();
            int space = text.IndexOfAny([' ', '\t']);
            if (space < 0) throw new FormatException($"{env}: ENV {words[0]} without a value");
            yield return KeyValuePair.Create(words[0], text[space..].Trim());
            yield break;
        }
        foreach (var word in words)
        {
            int eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new FormatException($"{env}: '{word}' is not name=value");
            yield return KeyValuePair.Create(word[..eq], word[(eq + 1)..]);
        }
    }

    private static DockerInstruction ParseInstruction(string joined, int line, string path)
    {
        int space = joined.IndexOfAny([' ', '\t']);
        var keyword = (space < 0 ? joined : joined[..space]).ToUpperInvariant();
        var rest = space < 0 ? "" : joined[(space + 1)..].Trim();
        if (rest.Contains("<<", StringComparison.Ordinal) && keyword is "COPY" or "ADD")
            throw new NotSupportedException($"{path}: line {line}: heredocs are not supported by this reader");

        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (FlaggedKeywords.Contains(keyword))
        {
            while (rest.StartsWith("--", StringComparison.Ordinal))
            {
                int end = rest.IndexOfAny([' ', '\t']);
                var flag = end < 0 ? rest : rest[..end];
                rest = end < 0 ? "" : rest[end..].TrimStart();
                int eq = flag.IndexOf('=', StringComparison.Ordinal);
                flags[eq < 0 ? flag[2..] : flag[2..eq]] = eq < 0 ? "" : flag[(eq + 1)..];
            }
        }

        if (ExecFormKeywords.Contains(keyword) && rest.StartsWith('['))
        {
            try
            {
                var array = JsonSerializer.Deserialize<string[]>(rest);
                if (array is not null)
                    return new DockerInstruction(line, keyword, flags, array, rest, ExecForm: true);
            }
            catch (JsonException)
            {
                // Not valid JSON: the builder then runs it in the shell form, and so is it read here.
            }
        }
        var words = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return new DockerInstruction(line, keyword, flags, words, rest, ExecForm: false);
    }

    private static List<DockerStage> SplitStages(List<DockerInstruction> instructions, string path)
    {
        var stages = new List<DockerStage>();
        DockerInstruction? from = null;
        var body = new List<DockerInstruction>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword != "FROM")
            {
                if (from is null && instruction.Keyword != "ARG")
                    throw new FormatException($"{path}: {instruction}: comes before any FROM");
                if (from is not null) body.Add(instruction);
                continue;
            }
            if (from is not null) stages.Add(Stage(stages.Count, from, body, path));
            from = instruction;
            body = [];
        }
        if (from is null) throw new FormatException($"{path}: no FROM");
        stages.Add(Stage(stages.Count, from, body, path));
        var duplicate = stages.Where(s => s.Name is not null).GroupBy(s => s.Name!, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"{path}: stage name '{duplicate.Key}' is used twice");
        return stages;
    }

    private static DockerStage Stage(int index, DockerInstruction from, List<DockerInstruction> body, string path)
    {
        var args = from.Arguments;
        if (args.Count == 1) return new DockerStage(index, args[0], null, from, body);
        if (args.Count == 3 && args[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
            return new DockerStage(index, args[0], args[2], from, body);
        throw new FormatException($"{path}: {from}: expected FROM image [AS name]");
    }
}
