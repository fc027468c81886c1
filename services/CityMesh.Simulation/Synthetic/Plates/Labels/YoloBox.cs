using System.Globalization;

namespace CityMesh.Simulation.Synthetic.Plates.Labels;

/// <summary>A YOLO label: class and box centre and size, all normalised to the image (0–1).</summary>
public readonly record struct YoloBox(int Class, double CenterX, double CenterY, double Width, double Height)
{
    /// <summary>The line "class cx cy w h" with six decimals.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Class} {CenterX:0.000000} {CenterY:0.000000} {Width:0.000000} {Height:0.000000}");

    public static YoloBox Parse(string line)
    {
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 5) throw new FormatException($"a YOLO label has 5 fields, not {f.Length}: '{line}'");
        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return new(int.Parse(f[0], CultureInfo.InvariantCulture), D(f[1]), D(f[2]), D(f[3]), D(f[4]));
    }
}
