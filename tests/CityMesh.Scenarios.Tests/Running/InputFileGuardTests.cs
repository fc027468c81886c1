using CityMesh.Limits;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;

namespace CityMesh.Scenarios.Tests.Running;

/// <summary>
/// A scenario's input paths resolve, links followed, inside its folder, an input root or the ConfigMap mount; anything
/// else, and anything that is not a regular file with content, is refused naming the field, before a byte is read.
/// </summary>
public sealed class InputFileGuardTests : IDisposable
{
    private const string Field = "spec.baseline.network";
    private readonly InputTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private InputFiles Inputs(InputLimits? limits = null) => new(_tree.Scenario, _tree.Maps, limits);

    private ScenarioInputException Refused(string path, InputLimits? limits = null)
    {
        var e = Assert.Throws<ScenarioInputException>(() => Inputs(limits).Resolve(new FileSource { Path = path }, Field));
        Assert.Equal(Field + ".path", e.Field);
        Assert.DoesNotContain("SECRET", e.Message);
        return e;
    }

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("/etc/passwd")]
    [InlineData("../../../../../../../../../../etc/passwd")]
    [InlineData("sub/../../outside/secret.json")]
    public void A_path_outside_the_scenario_folder_is_refused_naming_where_it_resolves(string path)
    {
        var e = Refused(path);

        var real = Path.GetFullPath(path, _tree.Scenario);
        Assert.Equal($"{Field}.path: '{path}' resolves to {real}, outside {_tree.Scenario}; move the file into one, or allow its folder "
            + "(CityMesh:Limits:InputRoots, or citymesh scenario run --input-root DIR).", e.Message);
    }

    [Theory]
    [InlineData("/proc/self/environ")]
    [InlineData("/proc/1/cmdline")]
    [InlineData("/sys/kernel/hostname")]
    [InlineData("/dev/zero")]
    [InlineData("/dev/stdin")]
    [InlineData("proc-link")]
    public void System_files_are_refused_even_where_every_folder_is_allowed(string path)
    {
        var e = Refused(path, InputLimits.Default with { InputRoots = ["/"] });

        Assert.Matches(@"resolves to /(proc|sys|dev)(/[^ ]*)?, under /(proc|sys|dev); CityMesh reads no input from /proc, /sys, /dev\.$", e.Message);
    }

    [Theory]
    [InlineData("escape.json")]
    [InlineData("absolute-escape.json")]
    [InlineData("outdir/secret.json")]
    public void A_link_that_leads_out_of_the_folder_is_refused(string path)
    {
        var e = Refused(path);

        Assert.Contains($"resolves to {Path.Combine(_tree.Outside, "secret.json")}, outside {_tree.Scenario}", e.Message);
    }

    [Fact]
    public void A_file_in_an_input_root_or_reached_by_a_link_inside_is_allowed_as_its_real_path()
    {
        var withOutside = InputLimits.Default with { InputRoots = [_tree.Outside] };

        Assert.Equal(Path.Combine(_tree.Scenario, "net.json"), Inputs().Resolve(new FileSource { Path = "inside.json" }, Field));
        Assert.Equal(Path.Combine(_tree.Outside, "secret.json"), Inputs(withOutside).Resolve(new FileSource { Path = "escape.json" }, Field));
        Assert.Equal(Path.Combine(_tree.Scenario, "net.json"), Inputs().Resolve(new FileSource { Path = Path.Combine(_tree.Scenario, "net.json") }, Field));
    }

    [Fact]
    public async Task A_FIFO_is_refused_at_once_instead_of_waiting_for_a_writer()
    {
        // Opening the FIFO would block this thread for ever; the wait turns a regression into a failure instead of a hang.
        var e = await Task.Run(() => Refused("pipe.json")).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal($"{Field}.path: 'pipe.json' is empty or not a regular file (a FIFO, socket or device); give a file with content.", e.Message);
    }

    [Fact]
    public async Task A_scenario_file_that_is_a_FIFO_is_refused_at_once()
    {
        var e = await Task.Run(() => Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Load(Path.Combine(_tree.Scenario, "pipe.json"))))
            .WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("pipe.json: 'pipe.json' is empty or not a regular file (a FIFO, socket or device); give a file with content.",
            e.Message.Replace(Path.Combine(_tree.Scenario, "pipe.json"), "pipe.json"));
    }

    [Fact]
    public void Folders_empty_files_link_loops_and_files_over_the_limit_are_refused_by_what_they_are()
    {
        Assert.EndsWith("'sub' is a directory; give a file.", Refused("sub").Message);
        Assert.EndsWith("'empty.json' is empty or not a regular file (a FIFO, socket or device); give a file with content.", Refused("empty.json").Message);
        Assert.EndsWith("'loop' cannot be resolved: IOException.", Refused("loop").Message);
        Assert.EndsWith($"file not found: {Path.Combine(_tree.Scenario, "nowhere.json")}.", Refused("nowhere.json").Message);
        Assert.EndsWith("'net.json' is 34 bytes; at most 10 (CityMesh:Limits:InputFileBytes).", Refused("net.json", InputLimits.Default with { InputFileBytes = 10 }).Message);
        Assert.EndsWith("must be a non-empty path without NUL characters.", Refused("net\0.json").Message);
    }

    [Fact]
    public void A_file_outside_is_refused_before_it_is_read_so_its_content_never_shows()
    {
        var outside = new BaselineSpec { Format = "cityflow", Network = new() { Path = "escape.json" }, Demand = new() { Path = "net.json" } };
        var inside = outside with { Network = new() { Path = "bad.json" } };

        var refused = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.LoadBaseline(outside, Inputs(), 1));
        var parsed = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.LoadBaseline(inside, Inputs(), 1));

        Assert.Equal("spec.baseline.network.path", refused.Field);
        Assert.DoesNotContain("SECRET", refused.Message);
        Assert.DoesNotContain("'S'", refused.Message);
        Assert.Equal("spec.baseline", parsed.Field); // the same bytes inside the folder reach the reader, which says what is wrong
    }

    [Fact]
    public void ConfigMap_keys_resolve_through_the_kubelets_links_inside_the_mount_and_nowhere_else()
    {
        Assert.Equal(Path.Combine(_tree.Maps, "jinan", "..2026_12_05_13_00_00.1", "roadnet.json"),
            Inputs().Resolve(new FileSource { ConfigMap = new("jinan", "roadnet.json") }, Field));

        var climbing = Assert.Throws<ScenarioInputException>(() => Inputs().Resolve(new FileSource { ConfigMap = new("jinan", "..") }, Field));
        var linkedOut = Assert.Throws<ScenarioInputException>(() => Inputs().Resolve(new FileSource { ConfigMap = new("jinan", "escape.json") }, Field));
        var notMounted = Assert.Throws<ScenarioInputException>(() => Inputs().Resolve(new FileSource { ConfigMap = new("other", "roadnet.json") }, Field));

        Assert.Equal($"{Field}.configMap", climbing.Field);
        Assert.Contains("key a ConfigMap key", climbing.Message);
        Assert.Equal($"{Field}.configMap", linkedOut.Field);
        Assert.Contains($"outside {_tree.Maps}", linkedOut.Message);
        Assert.Contains("ConfigMap 'other' key 'roadnet.json' is not mounted", notMounted.Message);
    }

    [Fact]
    public void A_scenario_without_a_folder_may_read_only_from_its_input_roots()
    {
        var net = Path.Combine(_tree.Scenario, "net.json");
        var noFolder = new InputFiles(null, _tree.Maps);
        var withRoot = new InputFiles(null, _tree.Maps, InputLimits.Default with { InputRoots = [_tree.Scenario] });

        var e = Assert.Throws<ScenarioInputException>(() => noFolder.Resolve(new FileSource { Path = net }, Field));

        Assert.Contains("outside every allowed folder (there are none)", e.Message);
        Assert.Equal(net, withRoot.Resolve(new FileSource { Path = net }, Field));
    }
}
