using System.Globalization;
using System.Text;

namespace CityMesh.Operator.Tests.Observability;

/// <summary>
/// A strict reader of Prometheus text format 0.0.4, enough to check our own output: every line is a HELP, a TYPE or
/// a sample; a family's HELP and TYPE come once, before its samples; label values are unescaped.
/// </summary>
internal sealed class Exposition
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Help, string Type, List<Sample> Samples);

    public Dictionary<string, Family> Families { get; } = new(StringComparer.Ordinal);

    public static Exposition Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var result = new Exposition();
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var (name, help) = Split(line["# HELP ".Length..]);
                Assert.True(helps.TryAdd(name, UnescapeHelp(help)), $"HELP twice for {name}");
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var (name, type) = Split(line["# TYPE ".Length..]);
                Assert.Contains(type, new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                Assert.True(helps.ContainsKey(name), $"TYPE of {name} before its HELP");
                Assert.False(result.Families.ContainsKey(name), $"TYPE twice for {name}");
                result.Families[name] = new Family(name, helps[name], type, []);
            }
            else
            {
                Assert.False(line.StartsWith('#'), $"unexpected comment: {line}");
                var sample = ParseSample(line);
                var family = result.Families.Values.SingleOrDefault(f => f.Name == sample.Name
                    || f.Type == "histogram" && sample.Name is var n && (n == f.Name + "_bucket" || n == f.Name + "_sum" || n == f.Name + "_count"));
                Assert.True(family is not null, $"sample {sample.Name} has no TYPE before it");
                // Samples of one family are contiguous: it must be the last family declared.
                Assert.Same(result.Families.Values.Last(), family);
                family.Samples.Add(sample);
            }
        }
        return result;
    }

    public double Value(string name, string? label = null, string? labelValue = null)
    {
        var samples = Families.Values.SelectMany(f => f.Samples)
            .Where(s => s.Name == name && (label is null || s.Labels.GetValueOrDefault(label) == labelValue)).ToList();
        Assert.True(samples.Count == 1, $"{samples.Count} samples of {name} {label}={labelValue}");
        return samples[0].Value;
    }

    private static (string, string) Split(string rest)
    {
        int space = rest.IndexOf(' ', StringComparison.Ordinal);
        Assert.True(space > 0, $"no text after the name: {rest}");
        return (rest[..space], rest[(space + 1)..]);
    }

    private static Sample ParseSample(string line)
    {
        int i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':')) i++;
        string name = line[..i];
        Assert.True(name.Length > 0 && !char.IsAsciiDigit(name[0]), $"bad metric name in: {line}");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                int eq = line.IndexOf('=', i);
                string label = line[i..eq];
                Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", label);
                Assert.Equal('"', line[eq + 1]);
                var value = new StringBuilder();
                int j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\') value.Append(line[++j] switch { 'n' => '\n', '\\' => '\\', '"' => '"', var c => throw new FormatException($"bad escape \\{c}") });
                    else value.Append(line[j]);
                }
                Assert.True(labels.TryAdd(label, value.ToString()), $"label {label} twice");
                i = j + 1;
                if (line[i] == ',') i++;
            }
            i++;
        }
        Assert.Equal(' ', line[i]);
        return new Sample(name, labels, ParseValue(line[(i + 1)..]));
    }

    public static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>HELP text: backslash and newline are escaped (a double quote is not).</summary>
    private static string UnescapeHelp(string text)
    {
        var value = new StringBuilder();
        for (int j = 0; j < text.Length; j++)
        {
            if (text[j] == '\\') value.Append(text[++j] switch { 'n' => '\n', '\\' => '\\', var c => throw new FormatException($"bad escape \\{c}") });
            else value.Append(text[j]);
        }
        return value.ToString();
    }
}
