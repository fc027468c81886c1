using System.Text;
using CityMesh.Limits;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Worker;

namespace CityMesh.Scenarios.Tests.Loading;

/// <summary>YAML within InputLimits' YamlBytes, YamlDepth and YamlNodes: each refusal names the line and the limit.</summary>
public sealed class YamlLimitsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-yaml-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // The classic "billion laughs": nine of the level above on each line, 10^9 strings expanded, under 400 bytes.
    private static readonly string BillionLaughs = string.Join("\n",
        ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]", .. "bcdefghi".Select(c => $"{c}: &{c} [{string.Join(", ", Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]")]);

    [Fact]
    public void A_hundred_thousand_nested_lists_are_refused_at_the_first_level_past_the_limit()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(deep, "deep.yaml"));

        Assert.Equal("deep.yaml:1:65: nesting deeper than 64 (CityMesh:Limits:YamlDepth)", e.Message);
    }

    [Fact]
    public void Nested_block_mappings_are_refused_on_the_line_past_the_limit()
    {
        var deep = string.Concat(Enumerable.Range(0, 70).Select(i => new string(' ', 2 * i) + "a:\n"));

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(deep, "deep.yaml"));

        Assert.Equal(65, e.Line); // level k's mapping starts with its first key, on line k
        Assert.Equal("nesting deeper than 64 (CityMesh:Limits:YamlDepth)", e.Detail);
    }

    [Fact]
    public void A_billion_laughs_stops_at_the_node_past_the_limit_without_expanding()
    {
        Assert.True(BillionLaughs.Length < 400);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(BillionLaughs, "lol.yaml"));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the refusal allocated more than 16 MiB");
        Assert.Equal(6, e.Line); // a..e expand to 66,430 nodes; f's first three *e pass the limit
        Assert.Equal("more than 100,000 nodes with aliases expanded (CityMesh:Limits:YamlNodes)", e.Detail);
    }

    [Fact]
    public void A_lone_carriage_return_is_a_line_break_as_YAML_says_not_a_crash_of_the_reader()
    {
        var s = ScenarioDocument.Parse(Examples.JinanYaml.Replace("kpis: [meanTravelTime, throughput]", "kpis: [meanTravelTime,\r      throughput]"), "cr.yaml");

        Assert.Equal(["meanTravelTime", "throughput"], s.Spec.Outputs.Kpis);
    }

    [Fact]
    public void A_failure_inside_YamlDotNets_scanner_is_a_positioned_format_error()
    {
        // A flow list continued left of its key makes YamlDotNet 16.3's scanner throw InvalidOperationException.
        var e = Assert.Throws<ScenarioFormatException>(() =>
            ScenarioDocument.Parse(Examples.JinanYaml.Replace("kpis: [meanTravelTime, throughput]", "kpis: [meanTravelTime,\nthroughput]"), "flow.yaml"));

        Assert.Equal("flow.yaml:50:26: cannot be read after this point (InvalidOperationException in the YAML reader)", e.Message);
    }

    [Fact]
    public void An_event_YamlDotNets_tree_builder_refuses_is_a_positioned_format_error()
    {
        // Found by the abuse run (seed 7): an empty key before a nested key makes YamlDotNet 16.3's node builder throw
        // ArgumentException ("unsupported type") on an event its own parser produced.
        var yaml = File.ReadAllText(RepositoryFiles.Example("sensor-faults.yaml")).Replace("  name: sensor-faults", "  : name: sensor-faults");

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(yaml, "faults.yaml"));

        Assert.Equal(8, e.Line); // the event after the odd key, which the builder refused
        Assert.Equal("cannot be read here (ArgumentException in the YAML reader)", e.Detail);
    }

    [Fact]
    public void An_alias_is_counted_with_its_height_where_it_is_used()
    {
        var limits = InputLimits.Default with { YamlDepth = 4 };
        var yaml = "a: &deep [[[x]]]\nb: [*deep]\n"; // *deep is three levels, used at level 2: five

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(yaml, "alias.yaml", limits));

        Assert.Equal("alias.yaml:2:5: alias *deep nests deeper than 4 where it is used (CityMesh:Limits:YamlDepth)", e.Message);
    }

    [Fact]
    public void An_alias_inside_the_node_it_names_is_refused_as_a_cycle()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse("a: &loop\n  b: *loop\n", "cycle.yaml"));

        Assert.Equal("cycle.yaml:2:6: alias *loop is inside the node it names; a document cannot contain itself", e.Message);
    }

    [Fact]
    public void An_alias_to_no_anchor_is_refused()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse("a: *nowhere\n", "alias.yaml"));

        Assert.Equal("alias.yaml:1:4: alias *nowhere names no anchor before it", e.Message);
    }

    [Fact]
    public void A_document_larger_than_the_limit_is_refused_by_its_size()
    {
        var limits = InputLimits.Default with { YamlBytes = 1000 };
        var yaml = Examples.JinanYaml + "\n#" + new string('x', 1000);

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(yaml, "big.yaml", limits));

        Assert.Equal($"big.yaml: the document is {Encoding.UTF8.GetByteCount(yaml):N0} bytes; at most 1,000 (CityMesh:Limits:YamlBytes)", e.Message);
    }

    [Fact]
    public void A_huge_scenario_file_is_refused_by_its_size_before_it_is_read()
    {
        var path = Path.Combine(_directory, "huge.yaml");
        using (var file = File.Create(path)) file.SetLength(8L << 30); // sparse: 8 GiB that were never written
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Load(path));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the refusal read the file");
        Assert.Equal($"huge.yaml: '{path}' is 8,589,934,592 bytes; at most 4,194,304 (CityMesh:Limits:YamlBytes).", e.Message);
    }

    [Fact]
    public void A_seed_too_large_for_64_bits_is_refused_naming_spec_seed()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(Examples.JinanYaml.Replace("seed: 42", "seed: 99999999999999999999"), "seed.yaml"));

        Assert.Equal("spec.seed", e.Path);
        Assert.Equal("99999999999999999999 is too large for a 64-bit integer", e.Detail);
    }

    [Fact]
    public void A_number_past_double_range_is_refused_instead_of_read_as_infinity()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(Examples.JinanYaml.Replace("demandScale: 1.2", "demandScale: 1e400"), "inf.yaml"));

        Assert.Equal(("spec.interventions[1].demandScale", "1e400 is too large for a 64-bit floating-point number"), (e.Path, e.Detail));
    }

    [Fact]
    public void The_worker_reads_its_scenario_within_the_limits_it_was_given()
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);

        var e = Assert.Throws<WorkerSettingsException>(() => WorkerSettings.From(n => n == WorkerContract.ScenarioEnv ? json : null, null, InputLimits.Default with { YamlDepth = 10 }));

        Assert.Equal("CITYMESH_SCENARIO:1:51: nesting deeper than 10 (CityMesh:Limits:YamlDepth)", e.Message);
    }

    [Fact]
    public void Aliases_within_the_limits_still_load()
    {
        var yaml = Examples.JinanYaml.Replace("  labels:\n    team: traffic", "  labels: &labels\n    team: traffic\n  annotations: *labels");

        var s = ScenarioDocument.Parse(yaml, "alias.yaml");

        Assert.Equal("traffic", s.Metadata.Annotations!["team"]);
    }
}
