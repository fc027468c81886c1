namespace CityMesh.Twin.Changes;

/// <summary>
/// A watch asked for changes after a position the log no longer holds: trimmed away, or of another log (the twin
/// restarted with a memory store, or its database was replaced). The watcher reads the twin again and watches on from
/// the position that read gives, as a Kubernetes informer relists on 410 Gone.
/// </summary>
public sealed class ChangePositionGoneException(ChangePosition asked, string why) : Exception($"change position {asked} is gone: {why}; query the twin again and watch from the position it gives")
{
    public ChangePosition Asked { get; } = asked;
}
