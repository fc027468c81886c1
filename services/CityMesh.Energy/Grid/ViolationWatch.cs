using CityMesh.Contracts.Energy;

namespace CityMesh.Energy.Grid;

/// <summary>
/// Turns each solve's violations into raised and cleared ones: an element's violation is raised the first time it is
/// found, and cleared only once the element is back inside its limit by the clear margin (so a feeder hovering at its
/// rating does not flicker). The live grid keeps one for the grid now and one for its forecast (where a violation
/// carries the hour it is expected). Not thread-safe: the live grid's loop is its only caller.
/// </summary>
public sealed class ViolationWatch
{
    private readonly Dictionary<(string Kind, string Element), GridViolation> _active = [];

    public IReadOnlyCollection<GridViolation> Active => _active.Values;

    /// <param name="now">Violations at the limit.</param>
    /// <param name="holding">Violations within the clear margin of the limit: still active if already raised.</param>
    /// <returns>The changes: newly raised (Active) and cleared (not Active).</returns>
    public List<GridViolation> Update(IReadOnlyList<Violation> now, IReadOnlyList<Violation> holding, DateTimeOffset at)
    {
        var changes = new List<GridViolation>();
        foreach (var v in now)
            if (!_active.ContainsKey((v.Kind, v.Element)))
            {
                var raised = new GridViolation(v.Kind, v.Element, v.Feeder, true, Math.Round(v.Value, 4), v.Limit, at, at, v.ExpectedAt);
                _active[(v.Kind, v.Element)] = raised;
                changes.Add(raised);
            }
        var still = holding.Select(v => (v.Kind, v.Element)).ToHashSet();
        foreach (var key in _active.Keys.Where(k => !still.Contains(k)).ToList())
        {
            var was = _active[key];
            _active.Remove(key);
            changes.Add(was with { Active = false, At = at });
        }
        return changes;
    }
}
