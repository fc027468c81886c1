namespace CityMesh.Simulation.Synthetic.Plates.Rendering;

/// <summary>The checks every renderer makes before drawing, each naming the argument at fault.</summary>
internal static class RenderArguments
{
    /// <summary>Bytes one image takes; throws when the size is not positive or the batch would not fit the span.</summary>
    public static long Check(int sceneCount, int width, int height, int rgbLength)
    {
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "The image width must be positive");
        if (height <= 0) throw new ArgumentOutOfRangeException(nameof(height), height, "The image height must be positive");
        long perImage = 3L * width * height;
        long needed = perImage * sceneCount;
        if (rgbLength < needed)
            throw new ArgumentException(
                $"The rgb span holds {rgbLength} bytes; {sceneCount} image(s) of {width}×{height} RGB need {needed}", "rgb");
        return perImage;
    }
}
