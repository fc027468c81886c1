using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>
/// The pinhole camera. Distance, focal length and pixel pitch set the perspective (how much the far edge of a turned
/// plate shrinks); the crop is then scaled, as a plate detector's crop is, so the plate's bounding box fills
/// <see cref="Fill"/> of the image. The defaults keep a plate 55–90 % of the image's width or height, whichever it
/// meets first (a 520 mm EU plate is width-bound in 320×96, a 380×160 mm Taiwanese one height-bound).
/// </summary>
public sealed record PlateCameraOptions
{
    [Description("Plate turn about the vertical axis, degrees; within [-75, 75]. Default [-30, 30].")]
    public ValueRange Yaw { get; init; } = new(-30, 30);

    [Description("Plate tilt about the horizontal axis, degrees (camera above or below); within [-75, 75]. Default [-20, 20].")]
    public ValueRange Pitch { get; init; } = new(-20, 20);

    [Description("Plate rotation about the line of sight, degrees; within [-180, 180]. Default [-8, 8].")]
    public ValueRange Roll { get; init; } = new(-8, 8);

    [Description("Distance from the camera to the plate's centre, metres; within [1, 500]. Default [2.5, 12].")]
    public ValueRange Distance { get; init; } = new(2.5, 12);

    [Description("Lens focal length, millimetres; within [1, 2000]. Default [4, 25].")]
    public ValueRange FocalLength { get; init; } = new(4, 25);

    [Description("Sensor pixel pitch, micrometres; within [0.5, 50]. Default [1.5, 4].")]
    public ValueRange PixelPitch { get; init; } = new(1.5, 4);

    [Description("Share of the image the plate's bounding box fills: the larger of its width and height shares; within [0.05, 1]. Default [0.55, 0.9].")]
    public ValueRange Fill { get; init; } = new(0.55, 0.9);

    [Description("Shift of the plate's centre from the image centre, fraction of the image width; within [-0.5, 0.5]. Default [-0.04, 0.04].")]
    public ValueRange ShiftX { get; init; } = new(-0.04, 0.04);

    [Description("Shift of the plate's centre from the image centre, fraction of the image height; within [-0.5, 0.5]. Default [-0.05, 0.05].")]
    public ValueRange ShiftY { get; init; } = new(-0.05, 0.05);

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Range(Yaw, $"{at}.yaw", -75, 75),
        .. OptionChecks.Range(Pitch, $"{at}.pitch", -75, 75),
        .. OptionChecks.Range(Roll, $"{at}.roll", -180, 180),
        .. OptionChecks.Range(Distance, $"{at}.distance", 1, 500),
        .. OptionChecks.Range(FocalLength, $"{at}.focalLength", 1, 2000),
        .. OptionChecks.Range(PixelPitch, $"{at}.pixelPitch", 0.5, 50),
        .. OptionChecks.Range(Fill, $"{at}.fill", 0.05, 1),
        .. OptionChecks.Range(ShiftX, $"{at}.shiftX", -0.5, 0.5),
        .. OptionChecks.Range(ShiftY, $"{at}.shiftY", -0.5, 0.5),
    ];
}
