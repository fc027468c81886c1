namespace CityMesh.Simulation.Synthetic.Plates.Imaging;

/// <summary>8-bit RGB pixels, rows top-down, 3 bytes per pixel.</summary>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    public static RgbImage Blank(int width, int height) => new(width, height, new byte[checked(width * height * 3)]);
}
