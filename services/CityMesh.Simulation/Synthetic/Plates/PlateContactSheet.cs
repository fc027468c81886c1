using CityMesh.Simulation.Synthetic.Plates.Imaging;

namespace CityMesh.Simulation.Synthetic.Plates;

/// <summary>Tiles images into one PNG, row by row, to look over a dataset at a glance.</summary>
public static class PlateContactSheet
{
    private const int Gap = 2;
    private const byte GapGrey = 40;

    /// <summary>Cells are as large as the largest image; smaller images sit at their cell's top-left corner.</summary>
    public static RgbImage Tile(IReadOnlyList<RgbImage> images, int columns)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("no images to tile", nameof(images));
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "must be at least 1");
        columns = Math.Min(columns, images.Count);
        int rows = (images.Count + columns - 1) / columns;
        int cellW = images.Max(i => i.Width), cellH = images.Max(i => i.Height);
        var sheet = RgbImage.Blank(Gap + columns * (cellW + Gap), Gap + rows * (cellH + Gap));
        Array.Fill(sheet.Pixels, GapGrey);
        for (int n = 0; n < images.Count; n++)
        {
            var image = images[n];
            int x0 = Gap + n % columns * (cellW + Gap), y0 = Gap + n / columns * (cellH + Gap);
            for (int y = 0; y < image.Height; y++)
                image.Pixels.AsSpan(y * image.Width * 3, image.Width * 3)
                    .CopyTo(sheet.Pixels.AsSpan(((y0 + y) * sheet.Width + x0) * 3));
        }
        return sheet;
    }

    public static void Write(IReadOnlyList<RgbImage> images, int columns, string path) =>
        File.WriteAllBytes(path, PngWriter.Encode(Tile(images, columns)));
}
