using System.Text.Json.Nodes;

namespace CityMesh.Energy.Relief;

/// <summary>
/// A way to relieve a part of the grid that the power flow shows works: what changes in the twin (governed attributes,
/// by entity id), and the grid before and after.
/// </summary>
/// <param name="Kind">One of <see cref="ReliefKinds"/>.</param>
/// <param name="Scope">The element relieved (a Feeder or PowerTransformer entity).</param>
/// <param name="Changes">Entity id → its governed attributes' new values.</param>
/// <param name="Before">Largest loading (percent) and lowest voltage (pu) in the scope now.</param>
/// <param name="After">The same with the changes made.</param>
/// <param name="ShedKw">Load cut off, kW (shedding only).</param>
/// <param name="CriticalShed">Hospitals' or shelters' buses among those shed: always 0 (the guardrail), counted so governance can check it.</param>
public sealed record ReliefPlan(string Kind, string Scope, string Summary, IReadOnlyDictionary<string, JsonObject> Changes,
    (double LoadingPercent, double LowestVoltagePu) Before, (double LoadingPercent, double LowestVoltagePu) After,
    double ShedKw, int CriticalShed, double ShiftedKw, double CurtailedKw, int Trials);

/// <summary>The kinds of relief, least disruptive first: the order the planner tries them in.</summary>
public static class ReliefKinds
{
    public const string ShiftCharging = "shift-ev-charging";
    public const string TransferLoad = "transfer-load";
    public const string CurtailSolar = "curtail-pv";
    public const string ShedLoad = "shed-load";

    public static readonly IReadOnlyList<string> InOrder = [ShiftCharging, TransferLoad, CurtailSolar, ShedLoad];

    /// <summary>The governance action type of a kind of relief.</summary>
    public static string ActionType(string kind) => $"energy.{kind}";
}
