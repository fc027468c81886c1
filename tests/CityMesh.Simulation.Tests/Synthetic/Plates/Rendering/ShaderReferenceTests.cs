using CityMesh.Simulation.Synthetic.Plates.Rendering;

namespace CityMesh.Simulation.Tests.Synthetic.Plates.Rendering;

/// <summary>
/// The shader's fast form (per-image hoisting, reused noise lattice corners, skipped far screws) against its
/// one-pixel-at-a-time reference form: the shortcuts must not change a bit.
/// </summary>
public sealed class ShaderReferenceTests
{
    [Theory]
    [InlineData(320, 96)]
    [InlineData(83, 37)]
    public void The_whole_image_form_equals_the_pixel_by_pixel_reference_on_every_pixel(int width, int height)
    {
        var scenes = Enumerable.Range(0, 20).Select(TestScenes.Varied).ToArray();
        var tables = new SceneTables();
        tables.Pack(scenes);
        int stride = (width + 7) & ~7, plane = stride * ((height + 7) & ~7);
        var planes = new float[3 * plane];
        int compared = 0;
        for (int image = 0; image < scenes.Length; image++)
        {
            PlateShader.ShadeImage(tables, image, width, height, planes, stride, plane);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    PlateShader.Shade(tables, image, x, y, out float r, out float g, out float b);
                    int at = y * stride + x;
                    Assert.True(r == planes[at] && g == planes[plane + at] && b == planes[2 * plane + at],
                        $"image {image}, pixel ({x}, {y}): reference ({r}, {g}, {b}), image form ({planes[at]}, {planes[plane + at]}, {planes[2 * plane + at]})");
                    compared++;
                }
        }
        Assert.Equal(20 * width * height, compared);
    }
}
