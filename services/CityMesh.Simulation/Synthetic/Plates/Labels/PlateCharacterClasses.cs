namespace CityMesh.Simulation.Synthetic.Plates.Labels;

/// <summary>
/// The detector's classes: 0 is the plate, 1 + i is <see cref="Characters"/>[i]. Fixed, not derived from the templates
/// in use, so that datasets made with different templates share one numbering; a template may only use these.
/// </summary>
public static class PlateCharacterClasses
{
    public const int Plate = 0;
    public const string PlateName = "plate";

    public const string Characters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";

    /// <summary>Class id of a labelled character, or -1 when it has none.</summary>
    public static int Of(char c)
    {
        int i = Characters.IndexOf(c);
        return i < 0 ? -1 : 1 + i;
    }

    /// <summary>Every class name by id, as classes.txt and data.yaml list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [PlateName, .. Characters.Select(c => c.ToString())];
}
