namespace CityMesh.Simulation.Synthetic.Plates.Camera;

/// <summary>
/// A pinhole camera looking along +z (image x right, y down) at a plate whose centre lies on the optical axis at the
/// given distance. The plate is turned by roll·pitch·yaw (applied yaw first) about its centre.
/// </summary>
public static class PinholeCamera
{
    /// <summary>
    /// The plate-millimetre to image-pixel map. The plate's centre lands on the principal point, which is the image
    /// centre moved by (<paramref name="shiftX"/>·width, <paramref name="shiftY"/>·height).
    /// </summary>
    public static Homography PlateToImage(double plateWidthMm, double plateHeightMm, double yawDeg, double pitchDeg, double rollDeg,
        double distanceM, double focalPixels, int imageWidth, int imageHeight, double shiftX, double shiftY)
    {
        var r = Rotation(yawDeg, pitchDeg, rollDeg);
        double f = focalPixels, cx = imageWidth * (0.5 + shiftX), cy = imageHeight * (0.5 + shiftY);
        // K·[r1 r2 t] maps plate metres (centred) to pixels; t = (0, 0, D).
        double a00 = f * r[0] + cx * r[6], a01 = f * r[1] + cx * r[7], a02 = cx * distanceM;
        double a10 = f * r[3] + cy * r[6], a11 = f * r[4] + cy * r[7], a12 = cy * distanceM;
        double a20 = r[6], a21 = r[7], a22 = distanceM;
        // Then millimetres from the top-left corner to centred metres: m = (x − W/2) / 1000.
        double s = 0.001, ox = -plateWidthMm / 2 * s, oy = -plateHeightMm / 2 * s;
        return new Homography(
            a00 * s, a01 * s, a00 * ox + a01 * oy + a02,
            a10 * s, a11 * s, a10 * ox + a11 * oy + a12,
            a20 * s, a21 * s, a20 * ox + a21 * oy + a22);
    }

    /// <summary>The focal length in pixels that makes the plate's projected bounding box fill <paramref name="fill"/> of the image (the larger of its width and height shares).</summary>
    public static double FocalPixelsForFill(double plateWidthMm, double plateHeightMm, double yawDeg, double pitchDeg, double rollDeg,
        double distanceM, int imageWidth, int imageHeight, double fill)
    {
        // Projected size scales linearly with f (the centre is on the axis), so measure at f = 1 and scale.
        var unit = PlateToImage(plateWidthMm, plateHeightMm, yawDeg, pitchDeg, rollDeg, distanceM, 1, imageWidth, imageHeight, 0, 0);
        double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
        foreach (var (x, y) in Corners(plateWidthMm, plateHeightMm))
        {
            var (u, v) = unit.Apply(x, y);
            x0 = Math.Min(x0, u); x1 = Math.Max(x1, u); y0 = Math.Min(y0, v); y1 = Math.Max(y1, v);
        }
        double share = Math.Max((x1 - x0) / imageWidth, (y1 - y0) / imageHeight);
        return fill / share;
    }

    public static IEnumerable<(double X, double Y)> Corners(double width, double height) => [(0, 0), (width, 0), (width, height), (0, height)];

    /// <summary>Row-major Rz(roll)·Rx(pitch)·Ry(yaw).</summary>
    private static double[] Rotation(double yawDeg, double pitchDeg, double rollDeg)
    {
        double y = yawDeg * Math.PI / 180, p = pitchDeg * Math.PI / 180, r = rollDeg * Math.PI / 180;
        double cy = Math.Cos(y), sy = Math.Sin(y), cp = Math.Cos(p), sp = Math.Sin(p), cr = Math.Cos(r), sr = Math.Sin(r);
        double[] ry = [cy, 0, sy, 0, 1, 0, -sy, 0, cy];
        double[] rx = [1, 0, 0, 0, cp, -sp, 0, sp, cp];
        double[] rz = [cr, -sr, 0, sr, cr, 0, 0, 0, 1];
        return Multiply(rz, Multiply(rx, ry));
    }

    private static double[] Multiply(double[] a, double[] b)
    {
        var m = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                m[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
        return m;
    }
}
