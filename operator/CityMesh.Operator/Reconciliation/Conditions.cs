using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Reconciliation;

/// <summary>metav1.Condition bookkeeping as <c>meta.SetStatusCondition</c> does it.</summary>
public static class Conditions
{
    /// <summary>
    /// The list with <paramref name="type"/> set: lastTransitionTime moves only when the status changes; reason,
    /// message and observedGeneration always follow the latest observation. Order is kept; new types go last.
    /// </summary>
    public static IReadOnlyList<Condition> Set(IReadOnlyList<Condition> conditions, string type, string status,
        string reason, string message, long generation, DateTimeOffset now)
    {
        var list = conditions.ToList();
        int i = list.FindIndex(c => c.Type == type);
        var next = new Condition
        {
            Type = type, Status = status, Reason = reason, Message = message, ObservedGeneration = generation,
            LastTransitionTime = i >= 0 && list[i].Status == status ? list[i].LastTransitionTime : Truncate(now),
        };
        if (i >= 0) list[i] = next;
        else list.Add(next);
        return list;
    }

    public static IReadOnlyList<Condition> Remove(IReadOnlyList<Condition> conditions, string type) =>
        conditions.Where(c => c.Type != type).ToList();

    public static Condition? Find(IReadOnlyList<Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(IReadOnlyList<Condition>? conditions, string type) =>
        Find(conditions, type)?.Status == ConditionStatus.True;

    /// <summary>metav1.Time has whole seconds on the wire; keeping them here makes re-reads compare equal.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t) =>
        new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}

public static class ConditionStatus
{
    public const string True = "True", False = "False", Unknown = "Unknown";
}
