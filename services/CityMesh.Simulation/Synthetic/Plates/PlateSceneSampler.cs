using CityMesh.Simulation.Synthetic.Plates.Camera;
using CityMesh.Simulation.Synthetic.Plates.Layout;
using CityMesh.Simulation.Synthetic.Plates.Options;
using CityMesh.Simulation.Synthetic.Plates.Templates;

namespace CityMesh.Simulation.Synthetic.Plates;

/// <summary>
/// Turns (run seed, image index) into a fully sampled scene. Image i's seed mixes the two (splitmix64), and each
/// aspect (text, plate wear, camera, light, every effect, background) draws from its own stream of that seed, so an
/// image depends on nothing but the options and its index, and changing one aspect's options leaves the others' draws
/// as they were. Thread-safe: it holds only immutable state.
/// </summary>
public sealed class PlateSceneSampler
{
    private enum Aspect : ulong { Text = 1, Wear, Camera, Light, Glare, Shadow, MotionBlur, Defocus, Rain, Fog, Noise, Compression, Background, Pixels }

    private readonly PlateSynthesisOptions _options;
    private readonly IReadOnlyList<PlateTemplate> _templates;

    /// <param name="templates">The pool drawn from with equal weight; null: the templates the options name (or all).</param>
    public PlateSceneSampler(PlateSynthesisOptions options, IReadOnlyList<PlateTemplate>? templates = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("plate synthesis options: " + string.Join("; ", errors));
        _options = options;
        _templates = templates ?? options.ResolveTemplates();
        if (_templates.Count == 0) throw new ArgumentException("no templates to draw from", nameof(templates));
    }

    public IReadOnlyList<PlateTemplate> Templates => _templates;

    public PlateSample Sample(ulong runSeed, long index)
    {
        ulong seed = PlateRandom.ImageSeed(runSeed, index);
        var o = _options;

        var text = PlateRandom.For(seed, (ulong)Aspect.Text);
        var template = _templates[text.Next(_templates.Count)];
        var registration = PlateTextGenerator.Generate(template, ref text);

        var wear = PlateRandom.For(seed, (ulong)Aspect.Wear);
        var surface = PlateLayout.Lay(template, registration, (float)wear.Sample(o.Plate.Dirt), (float)wear.Sample(o.Plate.DirtScale));

        var (pose, homography) = SampleCamera(PlateRandom.For(seed, (ulong)Aspect.Camera), template);
        return new PlateSample(index, seed, template.Id, registration, new PlateScene
        {
            Seed = PlateRandom.For(seed, (ulong)Aspect.Pixels).NextUInt64(),
            Plate = surface,
            PlateToImage = homography,
            Light = SampleLight(seed),
            Effects = SampleEffects(seed),
            Background = SampleBackground(PlateRandom.For(seed, (ulong)Aspect.Background)),
        }, pose);
    }

    private (CameraPose, Homography) SampleCamera(PlateRandom r, PlateTemplate t)
    {
        var c = _options.Camera;
        double yaw = r.Sample(c.Yaw), pitch = r.Sample(c.Pitch), roll = r.Sample(c.Roll), distance = r.Sample(c.Distance);
        double focal = r.Sample(c.FocalLength), pixelPitch = r.Sample(c.PixelPitch), fill = r.Sample(c.Fill);
        double shiftX = r.Sample(c.ShiftX), shiftY = r.Sample(c.ShiftY);
        int w = _options.Width, h = _options.Height;
        double lensPixels = focal / (pixelPitch / 1000);
        double focalPixels = PinholeCamera.FocalPixelsForFill(t.Width, t.Height, yaw, pitch, roll, distance, w, h, fill);
        var pose = new CameraPose(yaw, pitch, roll, distance, focal, pixelPitch, fill, focalPixels / lensPixels, focalPixels, shiftX, shiftY);
        return (pose, PinholeCamera.PlateToImage(t.Width, t.Height, yaw, pitch, roll, distance, focalPixels, w, h, shiftX, shiftY));
    }

    private SceneLight SampleLight(ulong seed)
    {
        var l = _options.Lighting;
        var r = PlateRandom.For(seed, (ulong)Aspect.Light);
        var w0 = l.Weights;
        (string Name, double Weight, PlateConditionLightOptions Settings)[] conditions =
            [("day", w0.Day, l.Day), ("dusk", w0.Dusk, l.Dusk), ("night", w0.Night, l.Night), ("ir", w0.Ir, l.Ir)];
        double pick = r.NextDouble() * conditions.Sum(c => c.Weight);
        var chosen = conditions.Last(c => c.Weight > 0);
        foreach (var c in conditions)
        {
            if (c.Weight > 0 && pick < c.Weight) { chosen = c; break; }
            pick -= c.Weight;
        }
        var (condition, _, settings) = chosen;
        double exposure = r.Sample(settings.Exposure), ambient = r.Sample(settings.Ambient), warmth = r.Sample(settings.Warmth);
        int w = _options.Width, h = _options.Height;
        var light = new SceneLight
        {
            Condition = condition,
            Exposure = (float)exposure,
            Tint = condition == "ir" ? new Rgb(1, 1, 1) : Tint(warmth),
            Ambient = (float)ambient,
        };
        var glare = PlateRandom.For(seed, (ulong)Aspect.Glare);
        if (condition == "night" && glare.Chance(l.Glare.Probability))
            light = light with
            {
                GlareX = (float)(glare.NextDouble() * w),
                GlareY = (float)(glare.NextDouble() * h),
                GlareRadius = (float)glare.Sample(l.Glare.Radius),
                GlareStrength = (float)glare.Sample(l.Glare.Strength),
            };
        var shadow = PlateRandom.For(seed, (ulong)Aspect.Shadow);
        if (condition is "day" or "dusk" && shadow.Chance(l.Shadow.Probability))
        {
            // An edge of any direction through a point of the image, so some part of the frame is shaded.
            double angle = shadow.NextDouble() * 2 * Math.PI, px = shadow.NextDouble() * w, py = shadow.NextDouble() * h;
            light = light with
            {
                ShadowNormalX = (float)Math.Cos(angle),
                ShadowNormalY = (float)Math.Sin(angle),
                ShadowOffset = (float)(Math.Cos(angle) * px + Math.Sin(angle) * py),
                ShadowDarkness = (float)shadow.Sample(l.Shadow.Darkness),
                ShadowSoftness = (float)shadow.Sample(l.Shadow.Softness),
            };
        }
        return light;
    }

    /// <summary>Warm light loses blue (and some green); cool light loses red.</summary>
    private static Rgb Tint(double warmth) =>
        new((float)(1 - 0.8 * Math.Max(0, -warmth)), (float)(1 - 0.35 * Math.Abs(warmth)), (float)(1 - 0.8 * Math.Max(0, warmth)));

    private SceneEffects SampleEffects(ulong seed)
    {
        var e = _options.Effects;
        var effects = new SceneEffects();
        var blur = PlateRandom.For(seed, (ulong)Aspect.MotionBlur);
        if (blur.Chance(e.MotionBlur.Probability))
            effects = effects with { MotionBlurLength = (float)blur.Sample(e.MotionBlur.Length), MotionBlurAngle = (float)Radians(blur.Sample(e.MotionBlur.Angle)) };
        var defocus = PlateRandom.For(seed, (ulong)Aspect.Defocus);
        if (defocus.Chance(e.Defocus.Probability))
            effects = effects with { DefocusRadius = (float)defocus.Sample(e.Defocus.Radius) };
        var rain = PlateRandom.For(seed, (ulong)Aspect.Rain);
        if (rain.Chance(e.Rain.Probability))
            effects = effects with
            {
                RainDensity = (float)rain.Sample(e.Rain.Density),
                RainLength = (float)rain.Sample(e.Rain.Length),
                RainAngle = (float)Radians(90 + rain.Sample(e.Rain.Angle)), // the option is from vertical; the scene's angle is from +x
                RainBrightness = (float)rain.Sample(e.Rain.Brightness),
            };
        var fog = PlateRandom.For(seed, (ulong)Aspect.Fog);
        if (fog.Chance(e.Fog.Probability))
            effects = effects with { Fog = (float)fog.Sample(e.Fog.Density) };
        var noise = PlateRandom.For(seed, (ulong)Aspect.Noise);
        effects = effects with { Noise = (float)noise.Sample(e.Noise) };
        var compression = PlateRandom.For(seed, (ulong)Aspect.Compression);
        if (compression.Chance(e.Compression.Probability))
            effects = effects with { CompressionQuality = (int)Math.Clamp(Math.Round(compression.Sample(e.Compression.Quality)), 1, 100) };
        return effects;
    }

    private BackgroundPatch SampleBackground(PlateRandom r)
    {
        var b = _options.Background;
        double brightness = r.Sample(b.Brightness), saturation = r.Sample(b.Saturation), contrast = r.Sample(b.Contrast);
        double hue = r.NextDouble(), sign = r.Chance(0.5) ? 1 : -1, scale = r.Sample(b.Scale);
        var (hr, hg, hb) = Hue(hue);
        Rgb a = new((float)Channel(brightness, saturation, hr), (float)Channel(brightness, saturation, hg), (float)Channel(brightness, saturation, hb));
        double k = 1 + sign * contrast;
        return new BackgroundPatch
        {
            ColourA = a,
            ColourB = new((float)Math.Clamp(a.R * k, 0, 1), (float)Math.Clamp(a.G * k, 0, 1), (float)Math.Clamp(a.B * k, 0, 1)),
            Scale = (float)scale,
        };
    }

    private static double Channel(double brightness, double saturation, double hue) => Math.Clamp(brightness * (1 - saturation + saturation * hue * 1.5), 0, 1);

    /// <summary>A fully saturated colour of hue <paramref name="h"/> (0–1 around the wheel), channels 0–1.</summary>
    private static (double R, double G, double B) Hue(double h)
    {
        double x = h * 6;
        return (Math.Clamp(Math.Abs(x - 3) - 1, 0, 1), Math.Clamp(2 - Math.Abs(x - 2), 0, 1), Math.Clamp(2 - Math.Abs(x - 4), 0, 1));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
