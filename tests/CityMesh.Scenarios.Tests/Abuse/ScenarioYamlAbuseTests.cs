using System.Text;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Tests.Abuse;

/// <summary>
/// The example scenarios, mangled as an attacker or a careless editor would: flipped bytes, cut files, deep nesting,
/// alias bombs, huge scalars, odd Unicode, absurd numbers. Loading and validating them may only succeed or fail with a
/// <see cref="ScenarioFormatException"/> that says where: never a crash, a hang or unbounded memory.
/// </summary>
public sealed class ScenarioYamlAbuseTests
{
    private static readonly string[] Seeds =
    [
        .. Directory.GetFiles(Path.GetDirectoryName(RepositoryFiles.Example("x.yaml"))!, "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText),
        Examples.JinanYaml,
        ScenarioDocument.ToJson(ScenarioDocument.Parse(Examples.JinanYaml, "jinan.yaml"), indented: true),
    ];

    private static readonly string[] OddText =
    [
        "\0", "\t", "\r", "\u0085", "\u2028", "\u2029", "\uFEFF", "\u202E", "\uD800", "\uDFFF", "\U0001F600", "é", "\u0301", "\\", "\"", "'",
        "&a ", "*a", "*", "&", "!!binary ", "!!python/object ", "!<tag:yaml.org,2002:str> ", "%YAML 1.1\n", "---\n", "...\n", "? ", ": ", "- ",
        "{", "}", "[", "]", ",", "#", "|", ">", "<<: *a\n", "~", "null", ".inf", "-.inf", ".nan", "0x7fffffffffffffffff", "0o777",
        "99999999999999999999999", "-9223372036854775809", "1e400", "-1e-400", "4.9e-324", "2147483648", "-0",
    ];

    private static void LoadAndValidate(string text)
    {
        var scenario = ScenarioDocument.Parse(text, "abuse.yaml");
        var errors = ScenarioValidator.Validate(scenario);
        Assert.All(errors, e => Assert.StartsWith(e.Field, e.Message));
        _ = ScenarioDocument.ToJson(scenario);
    }

    private static bool Ours(Exception e) => e is ScenarioFormatException;

    [Fact]
    public void Random_byte_flips_and_cuts_in_the_examples_fail_only_with_positioned_format_errors()
    {
        int ran = AbuseRun.Cases(20261205, 20_000, random =>
        {
            var bytes = Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]);
            for (int flips = random.Next(1, 8); flips > 0; flips--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var length = random.Next(4) == 0 ? random.Next(bytes.Length) : bytes.Length;
            return Encoding.UTF8.GetString(bytes, 0, length);
        }, LoadAndValidate, Ours);

        Assert.True(ran > 0);
    }

    [Fact]
    public void Odd_tokens_and_Unicode_spliced_into_the_examples_fail_only_with_positioned_format_errors()
    {
        int ran = AbuseRun.Cases(7, 20_000, random =>
        {
            var text = new StringBuilder(Seeds[random.Next(Seeds.Length)]);
            for (int splices = random.Next(1, 5); splices > 0; splices--)
                text.Insert(random.Next(text.Length + 1), OddText[random.Next(OddText.Length)]);
            return text.ToString();
        }, LoadAndValidate, Ours);

        Assert.True(ran > 0);
    }

    [Fact]
    public void Deep_nesting_alias_bombs_and_huge_scalars_are_refused_within_bounded_memory()
    {
        int ran = AbuseRun.Cases(42, 400, random =>
        {
            var text = Seeds[random.Next(Seeds.Length)];
            var lines = text.Split('\n').ToList();
            int at = random.Next(lines.Count);
            string indent = new(' ', lines[at].TakeWhile(c => c == ' ').Count());
            lines.Insert(at, indent + (random.Next(5) switch
            {
                0 => "x: " + new string('[', random.Next(50, 200_000)) + new string(']', random.Next(0, 200_000)),
                1 => "x: " + string.Concat(Enumerable.Repeat("{a: ", random.Next(50, 50_000))) + "1" + new string('}', random.Next(0, 50_000)),
                2 => Bomb(random.Next(2, 12), random.Next(2, 20), indent),
                3 => "x: " + new string('9', random.Next(1, 6 << 20)),
                _ => "x: \"" + string.Concat(Enumerable.Repeat("\\u00e9", random.Next(1, 1 << 20))) + "\"",
            }));
            return string.Join('\n', lines);
        }, LoadAndValidate, Ours);

        Assert.True(ran > 0);
    }

    /// <summary>An alias bomb of <paramref name="levels"/> levels, each <paramref name="width"/> aliases of the one before.</summary>
    private static string Bomb(int levels, int width, string indent) =>
        "bomb:\n" + string.Join('\n', Enumerable.Range(0, levels).Select(level => level == 0
            ? $"{indent}  l0: &l0 [lol]"
            : $"{indent}  l{level}: &l{level} [{string.Join(",", Enumerable.Repeat($"*l{level - 1}", width))}]"));

    [Fact]
    public void Hostile_file_sources_in_a_loaded_scenario_are_refused_by_the_validator_or_the_guard_never_read()
    {
        using var tree = new InputTree();
        var paths = InputPathAbuseTests.HostilePaths;
        int ran = AbuseRun.Cases(99, 5_000, random =>
        {
            var path = paths[random.Next(paths.Count)];
            return Examples.JinanYaml.Replace("path: inputs/anon_3_4_jinan_real.json", $"path: \"{Yaml(path)}\"");
        }, text =>
        {
            var scenario = ScenarioDocument.Parse(text, "abuse.yaml");
            _ = ScenarioValidator.Validate(scenario);
            var resolved = new InputFiles(tree.Scenario, tree.Maps).Resolve(scenario.Spec.Baseline!.Demand, "spec.baseline.demand");
            Assert.StartsWith(tree.Scenario + Path.DirectorySeparatorChar, resolved);
        }, e => e is ScenarioFormatException
            || e is ScenarioInputException i && i.Field.StartsWith("spec.baseline.demand", StringComparison.Ordinal) && !i.Message.Contains("SECRET"));

        Assert.True(ran > 0);
    }

    private static string Yaml(string s) => string.Concat(s.Select(c => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        _ when char.IsControl(c) || char.IsSurrogate(c) => $"\\u{(int)c:x4}",
        _ => c.ToString(),
    }));
}
