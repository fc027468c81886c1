using CityMesh.Compute;

namespace CityMesh.Scenarios.Running;

/// <param name="ResultsDirectory">Artifacts go here: {member}/{variant}/ per run, plus kpis.json and report.html.</param>
/// <param name="Inputs">How file sources are found on this machine.</param>
/// <param name="Members">Ensemble members to run (seed = spec.seed + member); null runs all spec.ensemble of them.</param>
/// <param name="Compute">The kernel backend; null takes CITYMESH_COMPUTE's choice.</param>
/// <param name="Twin">The city's twin as read for this run, for a baseline from the twin (spec.baseline.twin).</param>
/// <param name="SensorSites">synthetic-telemetry: the sensors to generate for (from the twin); null: a generated layout.</param>
/// <param name="City">epidemic with spec.epidemic.twin: the city's buildings and hospitals as read for this run.</param>
/// <param name="Grid">energy with spec.energy.grid.twin: the city's grid and what hangs on it as read for this run.</param>
public sealed record ScenarioRunOptions(string ResultsDirectory, InputFiles Inputs, IReadOnlyList<int>? Members = null, ComputeSelection? Compute = null,
    Baselines.TwinSnapshot? Twin = null, IReadOnlyList<Simulation.Synthetic.Telemetry.SensorSite>? SensorSites = null, Baselines.TwinCity? City = null,
    Baselines.TwinGrid? Grid = null);

/// <param name="Fraction">0..1 over all runs of this invocation.</param>
/// <param name="Run">What is running now, e.g. "member 0, retiming".</param>
public sealed record ScenarioProgress(double Fraction, string Run, double SimulatedSeconds);
