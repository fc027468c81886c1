namespace CityMesh.Simulation.Synthetic.Plates.Camera;

/// <summary>
/// Where the camera saw the plate from, as sampled: the plate's rotation (degrees: yaw about the vertical axis,
/// pitch about the horizontal, roll about the line of sight), its centre's distance (m), the lens focal length (mm) and
/// pixel pitch (µm), <see cref="Zoom"/> (the crop's scale, so the plate fills <see cref="Fill"/> of the image),
/// <see cref="FocalPixels"/> (focal length in output pixels, zoom included), and the plate centre's shift from the
/// image centre as fractions of the image's width and height.
/// </summary>
public sealed record CameraPose(
    double Yaw, double Pitch, double Roll, double Distance, double FocalLength, double PixelPitch,
    double Fill, double Zoom, double FocalPixels, double ShiftX, double ShiftY);
