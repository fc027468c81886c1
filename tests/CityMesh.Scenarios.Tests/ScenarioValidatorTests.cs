using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Validation;
using R = CityMesh.Scenarios.Validation.ValidationReasons;

namespace CityMesh.Scenarios.Tests;

public sealed class ScenarioValidatorTests
{
    private static readonly TwinScenario Valid = ScenarioDocument.Parse(Examples.JinanYaml, "jinan.yaml");

    private static TwinScenario Spec(Func<TwinScenarioSpec, TwinScenarioSpec> change) => Valid with { Spec = change(Valid.Spec) };

    private static TwinScenario Baseline(Func<BaselineSpec, BaselineSpec> change) => Spec(s => s with { Baseline = change(s.Baseline!) });

    private static TwinScenario Intervention(int i, Func<InterventionSpec, InterventionSpec> change) =>
        Spec(s => s with { Interventions = [.. s.Interventions.Select((x, j) => j == i ? change(x) : x)] });

    private static TwinScenario Plan(int p, Func<SignalPlanSpec, SignalPlanSpec> change) =>
        Intervention(1, x => x with { Signals = x.Signals! with { Plans = [.. x.Signals.Plans.Select((y, j) => j == p ? change(y) : y)] } });

    private static TwinScenario Closure(Func<ClosureSpec, ClosureSpec> change) => Intervention(1, x => x with { Closures = [change(x.Closures[0])] });

    private static TwinScenario Name(string? name) => Valid with { Metadata = Valid.Metadata with { Name = name } };

    private static readonly FileSource ByPath = new() { Path = "net.json" };

    // name → (broken scenario, field, reason)
    private static readonly Dictionary<string, (TwinScenario Scenario, string Field, string Reason)> Cases = new()
    {
        ["name missing"] = (Name(null), "metadata.name", R.Required),
        ["name not a subdomain"] = (Name("Jinan_Retiming"), "metadata.name", R.Invalid),
        ["name longer than a Job allows"] = (Name(new string('a', 53)), "metadata.name", R.TooLong),
        ["city missing"] = (Spec(s => s with { City = "" }), "spec.city", R.Required),
        ["city not a label"] = (Spec(s => s with { City = "ji.nan" }), "spec.city", R.Invalid),
        ["city too long"] = (Spec(s => s with { City = new string('j', 64) }), "spec.city", R.TooLong),
        ["simulation missing"] = (Spec(s => s with { Simulation = "" }), "spec.simulation", R.Required),
        ["simulation unknown"] = (Spec(s => s with { Simulation = "weather" }), "spec.simulation", R.NotOneOf),
        ["format missing"] = (Baseline(b => b with { Format = null }), "spec.baseline.format", R.Required),
        ["format unknown"] = (Baseline(b => b with { Format = "matsim" }), "spec.baseline.format", R.NotOneOf),
        ["network missing"] = (Baseline(b => b with { Network = null }), "spec.baseline.network", R.Required),
        ["demand missing"] = (Baseline(b => b with { Demand = null }), "spec.baseline.demand", R.Required),
        ["file source empty"] = (Baseline(b => b with { Demand = new FileSource() }), "spec.baseline.demand", R.Required),
        ["file source both"] = (Baseline(b => b with { Demand = ByPath with { ConfigMap = new("m", "k") } }), "spec.baseline.demand", R.MutuallyExclusive),
        ["configMap name missing"] = (Baseline(b => b with { Network = new() { ConfigMap = new("", "k") } }), "spec.baseline.network.configMap.name", R.Required),
        ["configMap name invalid"] = (Baseline(b => b with { Network = new() { ConfigMap = new("Inputs", "k") } }), "spec.baseline.network.configMap.name", R.Invalid),
        ["configMap key missing"] = (Baseline(b => b with { Network = new() { ConfigMap = new("m", null!) } }), "spec.baseline.network.configMap.key", R.Required),
        ["configMap key invalid"] = (Baseline(b => b with { Network = new() { ConfigMap = new("m", "a/b.json") } }), "spec.baseline.network.configMap.key", R.Invalid),
        ["configMap key dot"] = (Baseline(b => b with { Network = new() { ConfigMap = new("m", ".") } }), "spec.baseline.network.configMap.key", R.Invalid),
        ["configMap key dot-dot"] = (Baseline(b => b with { Network = new() { ConfigMap = new("m", "..") } }), "spec.baseline.network.configMap.key", R.Invalid),
        ["configMap key starting with dot-dot"] = (Baseline(b => b with { Network = new() { ConfigMap = new("m", "..data") } }), "spec.baseline.network.configMap.key", R.Invalid),
        ["configMap key too long"] = (Baseline(b => b with { Network = new() { ConfigMap = new("m", new string('k', 254)) } }), "spec.baseline.network.configMap.key", R.TooLong),
        ["path under /proc"] = (Baseline(b => b with { Network = new() { Path = "/proc/self/environ" } }), "spec.baseline.network.path", R.Invalid),
        ["path into /dev by a detour"] = (Baseline(b => b with { Demand = new() { Path = "/tmp/.././dev//stdin" } }), "spec.baseline.demand.path", R.Invalid),
        ["path with a control character"] = (Baseline(b => b with { Demand = new() { Path = "flow\u0007.json" } }), "spec.baseline.demand.path", R.Invalid),
        ["path longer than PATH_MAX"] = (Baseline(b => b with { Demand = new() { Path = new string('a', 4097) } }), "spec.baseline.demand.path", R.TooLong),
        ["files and twin both"] = (Baseline(b => b with { Twin = new() }), "spec.baseline", R.MutuallyExclusive),
        ["neither files nor twin"] = (Baseline(b => b with { Format = null, Network = null, Demand = null }), "spec.baseline", R.Required),
        ["twin window not a duration"] = (Baseline(_ => new() { Twin = new() { MaxObservationAge = "soon" } }), "spec.baseline.twin.maxObservationAge", R.Invalid),
        ["twin unobserved flow negative"] = (Baseline(_ => new() { Twin = new() { UnobservedEntryFlowPerLane = -1 } }), "spec.baseline.twin.unobservedEntryFlowPerLane", R.OutOfRange),
        ["baseline controller unknown"] = (Baseline(b => b with { Controller = "actuated" }), "spec.baseline.controller", R.NotOneOf),
        ["intervention name missing"] = (Intervention(0, x => x with { Name = "" }), "spec.interventions[0].name", R.Required),
        ["intervention name not a label"] = (Intervention(0, x => x with { Name = "Max_Pressure" }), "spec.interventions[0].name", R.Invalid),
        ["intervention name duplicate"] = (Intervention(1, x => x with { Name = "max-pressure" }), "spec.interventions[1].name", R.Duplicate),
        ["intervention name reserved"] = (Intervention(0, x => x with { Name = "baseline" }), "spec.interventions[0].name", R.Reserved),
        ["intervention changes nothing"] = (Intervention(0, x => x with { Signals = new SignalIntervention() }), "spec.interventions[0]", R.NoChange),
        ["more than 64 interventions"] = (Spec(s => s with { Interventions = [.. Enumerable.Range(0, 65).Select(k => new InterventionSpec { Name = $"v{k}", DemandScale = 1.1 })] }),
            "spec.interventions", R.TooLong),
        ["signals controller unknown"] = (Intervention(0, x => x with { Signals = new() { Controller = "sotl" } }), "spec.interventions[0].signals.controller", R.NotOneOf),
        ["plan junction missing"] = (Plan(0, p => p with { Junction = "" }), "spec.interventions[1].signals.plans[0].junction", R.Required),
        ["plan junction duplicate"] = (Plan(1, p => p with { Junction = "intersection_1_1" }), "spec.interventions[1].signals.plans[1].junction", R.Duplicate),
        ["plan neither"] = (Plan(1, p => p with { CycleScale = null }), "spec.interventions[1].signals.plans[1]", R.Required),
        ["plan both"] = (Plan(1, p => p with { PhaseDurations = [30] }), "spec.interventions[1].signals.plans[1]", R.MutuallyExclusive),
        ["phase duration zero"] = (Plan(0, p => p with { PhaseDurations = [30, 0] }), "spec.interventions[1].signals.plans[0].phaseDurations[1]", R.OutOfRange),
        ["cycle scale too small"] = (Plan(1, p => p with { CycleScale = 0.2 }), "spec.interventions[1].signals.plans[1].cycleScale", R.OutOfRange),
        ["cycle scale too large"] = (Plan(1, p => p with { CycleScale = 4.5 }), "spec.interventions[1].signals.plans[1].cycleScale", R.OutOfRange),
        ["offset negative"] = (Plan(0, p => p with { Offset = -1 }), "spec.interventions[1].signals.plans[0].offset", R.OutOfRange),
        ["closure edge missing"] = (Closure(c => c with { Edge = "" }), "spec.interventions[1].closures[0].edge", R.Required),
        ["closure lane negative"] = (Closure(c => c with { Lanes = [-1] }), "spec.interventions[1].closures[0].lanes[0]", R.OutOfRange),
        ["closure lanes repeated"] = (Closure(c => c with { Lanes = [0, 1, 0] }), "spec.interventions[1].closures[0].lanes[2]", R.Duplicate),
        ["closure edge repeated"] = (Intervention(1, x => x with { Closures = [x.Closures[0], x.Closures[0] with { Lanes = null }] }), "spec.interventions[1].closures[1].edge", R.Duplicate),
        ["demand scale zero"] = (Intervention(1, x => x with { DemandScale = 0 }), "spec.interventions[1].demandScale", R.OutOfRange),
        ["demand scale above ten"] = (Intervention(1, x => x with { DemandScale = 10.5 }), "spec.interventions[1].demandScale", R.OutOfRange),
        ["horizon not a duration"] = (Spec(s => s with { Horizon = "90 minutes" }), "spec.horizon", R.Invalid),
        ["horizon zero"] = (Spec(s => s with { Horizon = "0s" }), "spec.horizon", R.OutOfRange),
        ["horizon beyond a week"] = (Spec(s => s with { Horizon = "169h" }), "spec.horizon", R.OutOfRange),
        ["seed overflows with the ensemble"] = (Spec(s => s with { Seed = long.MaxValue - 1 }), "spec.seed", R.OutOfRange),
        ["namespace not a label"] = (Valid with { Metadata = Valid.Metadata with { Namespace = "Bad_NS" } }, "metadata.namespace", R.Invalid),
        ["namespace too long"] = (Valid with { Metadata = Valid.Metadata with { Namespace = new string('n', 64) } }, "metadata.namespace", R.TooLong),
        ["seed negative"] = (Spec(s => s with { Seed = -1 }), "spec.seed", R.OutOfRange),
        ["ensemble zero"] = (Spec(s => s with { Ensemble = 0 }), "spec.ensemble", R.OutOfRange),
        ["ensemble above 100"] = (Spec(s => s with { Ensemble = 101 }), "spec.ensemble", R.OutOfRange),
        ["accelerator unknown"] = (Spec(s => s with { Compute = s.Compute with { Accelerator = "tpu" } }), "spec.compute.accelerator", R.NotOneOf),
        ["gpus zero"] = (Spec(s => s with { Compute = s.Compute with { Gpus = 0 } }), "spec.compute.gpus", R.OutOfRange),
        ["gpus above 8"] = (Spec(s => s with { Compute = s.Compute with { Gpus = 9 } }), "spec.compute.gpus", R.OutOfRange),
        ["fallback unknown"] = (Spec(s => s with { Compute = s.Compute with { Fallback = "wait" } }), "spec.compute.fallback", R.NotOneOf),
        ["schedule timeout above a day"] = (Spec(s => s with { Compute = s.Compute with { ScheduleTimeoutSeconds = 86401 } }), "spec.compute.scheduleTimeoutSeconds", R.OutOfRange),
        ["schedule timeout negative"] = (Spec(s => s with { Compute = s.Compute with { ScheduleTimeoutSeconds = -1 } }), "spec.compute.scheduleTimeoutSeconds", R.OutOfRange),
        ["backoff limit above 10"] = (Spec(s => s with { RunPolicy = s.RunPolicy with { BackoffLimit = 11 } }), "spec.runPolicy.backoffLimit", R.OutOfRange),
        ["backoff limit negative"] = (Spec(s => s with { RunPolicy = s.RunPolicy with { BackoffLimit = -1 } }), "spec.runPolicy.backoffLimit", R.OutOfRange),
        ["active deadline zero"] = (Spec(s => s with { RunPolicy = s.RunPolicy with { ActiveDeadlineSeconds = 0 } }), "spec.runPolicy.activeDeadlineSeconds", R.OutOfRange),
        ["ttl negative"] = (Spec(s => s with { RunPolicy = s.RunPolicy with { TtlSecondsAfterFinished = -5 } }), "spec.runPolicy.ttlSecondsAfterFinished", R.OutOfRange),
        ["kpi unknown"] = (Spec(s => s with { Outputs = s.Outputs with { Kpis = ["co2"] } }), "spec.outputs.kpis[0]", R.NotOneOf),
        ["kpi repeated"] = (Spec(s => s with { Outputs = s.Outputs with { Kpis = ["throughput", "throughput"] } }), "spec.outputs.kpis[1]", R.Duplicate),
        ["artifacts path empty"] = (Spec(s => s with { Outputs = s.Outputs with { Artifacts = new() { Path = "" } } }), "spec.outputs.artifacts.path", R.Required),
        ["artifacts path absolute"] = (Spec(s => s with { Outputs = s.Outputs with { Artifacts = new() { Path = "/tmp/out" } } }), "spec.outputs.artifacts.path", R.Invalid),
        ["artifacts path climbs out"] = (Spec(s => s with { Outputs = s.Outputs with { Artifacts = new() { Path = "a/../../etc" } } }), "spec.outputs.artifacts.path", R.Invalid),
        ["artifacts claim invalid"] = (Spec(s => s with { Outputs = s.Outputs with { Artifacts = new() { PersistentVolumeClaim = "City Results" } } }), "spec.outputs.artifacts.persistentVolumeClaim", R.Invalid),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Fact]
    public void Should_Accept_A_Fully_Valid_Scenario() => Assert.Empty(ScenarioValidator.Validate(Valid));

    [Fact]
    public void Should_Accept_A_Minimal_Scenario_With_Defaults()
    {
        var minimal = new TwinScenario
        {
            Metadata = new() { Name = "m" },
            Spec = new()
            {
                City = "jinan",
                Simulation = "traffic",
                Baseline = new() { Format = "sumo", Network = ByPath, Demand = new() { Path = "trips.rou.xml" } },
            },
        };

        Assert.Empty(ScenarioValidator.Validate(minimal));
    }

    [Fact]
    public void Should_Accept_A_Baseline_From_The_Twin_Alone() =>
        Assert.Empty(ScenarioValidator.Validate(Baseline(_ => new() { Twin = new(), Controller = "max-pressure" })));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Should_Reject_Each_Broken_Rule_With_Field_And_Reason(string name)
    {
        var (scenario, field, reason) = Cases[name];

        var errors = ScenarioValidator.Validate(scenario);

        var error = Assert.Single(errors);
        Assert.Equal((field, reason), (error.Field, error.Reason));
        Assert.StartsWith(field + ": ", error.Message);
    }

    [Fact]
    public void Should_Name_The_Simulations_That_Run_In_This_Release()
    {
        // Every kind the design names runs now (energy was the last); a traffic scenario switched to energy is refused
        // for what it lacks and what it carries, each by its field.
        Assert.Equal(SimulationKinds.Known, SimulationKinds.Runnable);
        var errors = ScenarioValidator.Validate(Spec(s => s with { Simulation = SimulationKinds.Energy }));

        Assert.Contains(errors, e => e.Field == "spec.energy" && e.Reason == R.Required);
        Assert.Contains(errors, e => e.Field == "spec.baseline" && e.Reason == R.NotForSimulation);
        Assert.DoesNotContain(errors, e => e.Reason == R.UnsupportedSimulation);
    }

    [Fact]
    public void Should_Name_The_Allowed_Values_And_Ranges()
    {
        var unknown = Assert.Single(ScenarioValidator.Validate(Spec(s => s with { Simulation = "weather" })));
        var range = Assert.Single(ScenarioValidator.Validate(Plan(1, p => p with { CycleScale = 5 })));
        var open = Assert.Single(ScenarioValidator.Validate(Intervention(1, x => x with { DemandScale = -1 })));

        Assert.Equal("spec.simulation: 'weather' is not supported; must be one of 'traffic', 'epidemic', 'flood', 'evacuation', 'energy', 'compound', 'synthetic-plates', 'synthetic-telemetry'", unknown.Message);
        Assert.Equal("spec.interventions[1].signals.plans[1].cycleScale: 5 is out of range; must be between 0.25 and 4", range.Message);
        Assert.Equal("spec.interventions[1].demandScale: -1 is out of range; must be more than 0 and at most 10", open.Message);
    }

    [Fact]
    public void Should_Refuse_A_Bad_Namespace_A_Climbing_ConfigMap_Key_An_Overflowing_Seed_And_A_System_File_Naming_Each()
    {
        var ns = Assert.Single(ScenarioValidator.Validate(Valid with { Metadata = Valid.Metadata with { Namespace = "Bad_NS" } }));
        var key = Assert.Single(ScenarioValidator.Validate(Baseline(b => b with { Network = new() { ConfigMap = new("m", "..") } })));
        var seed = Assert.Single(ScenarioValidator.Validate(Spec(s => s with { Seed = long.MaxValue })));
        var proc = Assert.Single(ScenarioValidator.Validate(Baseline(b => b with { Network = new() { Path = "/proc/self/environ" } })));

        Assert.Equal("metadata.namespace: 'Bad_NS' is not a DNS label (lower-case letters, digits and '-', starting and ending with a letter or digit)", ns.Message);
        Assert.Equal("spec.baseline.network.configMap.key: '..' is not a ConfigMap key (letters, digits, '-', '_' and '.'; not '.' or '..', nor starting with '..')", key.Message);
        Assert.Equal("spec.seed: 9223372036854775807 is out of range; with ensemble 3 it must be at most 9223372036854775805, so that seed + member fits a 64-bit integer", seed.Message);
        Assert.Equal("spec.baseline.network.path: '/proc/self/environ' is under /proc; input files are never read from /proc, /sys, /dev", proc.Message);
    }

    [Fact]
    public void Should_Accept_The_Largest_Seed_Whose_Last_Member_Still_Fits_And_ConfigMap_Keys_With_Inner_Dots()
    {
        Assert.Empty(ScenarioValidator.Validate(Spec(s => s with { Seed = long.MaxValue - 2 })));
        foreach (var k in new[] { ".hidden", "a..b", "roadnet_3_4.json", "-" })
            Assert.Empty(ScenarioValidator.Validate(Baseline(b => b with { Network = new() { ConfigMap = new("m", k) } })));
        Assert.Empty(ScenarioValidator.Validate(Baseline(b => b with { Network = new() { Path = "/procedures/net.json" } })));
    }

    [Fact]
    public void Should_Report_Every_Error_At_Once()
    {
        var broken = Name("") with { Spec = Valid.Spec with { City = "", Ensemble = 0, Interventions = [new InterventionSpec { Name = "baseline" }] } };

        var fields = ScenarioValidator.Validate(broken).Select(e => $"{e.Field} {e.Reason}").Order().ToList();

        Assert.Equal(["metadata.name Required", "spec.city Required", "spec.ensemble OutOfRange", "spec.interventions[0] NoChange", "spec.interventions[0].name Reserved"], fields);
    }

    [Fact]
    public void Should_Accept_Boundaries()
    {
        var edge = Spec(s => s with
        {
            Horizon = "168h",
            Ensemble = 100,
            Seed = 0,
            Compute = s.Compute with { Gpus = 8, ScheduleTimeoutSeconds = 0 },
            RunPolicy = new() { BackoffLimit = 10, ActiveDeadlineSeconds = 1, TtlSecondsAfterFinished = 0 },
            Interventions = [s.Interventions[0] with { DemandScale = 10 }],
        });
        Assert.Empty(ScenarioValidator.Validate(edge));
        Assert.Empty(ScenarioValidator.Validate(Name(new string('a', 52))));
    }

    [Fact]
    public void Should_Agree_With_The_Loader_On_A_Loaded_File_With_Errors()
    {
        var yaml = Examples.JinanYaml.Replace("simulation: traffic", "simulation: weather").Replace("cycleScale: 1.25", "cycleScale: 0.1");

        var errors = ScenarioValidator.Validate(ScenarioDocument.Parse(yaml, "j.yaml"));

        Assert.Equal(["spec.interventions[1].signals.plans[1].cycleScale", "spec.simulation"], errors.Select(e => e.Field).Order());
    }
}
