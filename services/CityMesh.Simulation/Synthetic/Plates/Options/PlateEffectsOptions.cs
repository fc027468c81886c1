using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>The camera's and the weather's degradations.</summary>
public sealed record PlateEffectsOptions
{
    [Description("Motion blur.")] public PlateMotionBlurOptions MotionBlur { get; init; } = new();
    [Description("Defocus blur.")] public PlateDefocusOptions Defocus { get; init; } = new();
    [Description("Rain streaks.")] public PlateRainOptions Rain { get; init; } = new();
    [Description("Fog.")] public PlateFogOptions Fog { get; init; } = new();

    [Description("Sensor noise standard deviation, fraction of full scale, every image; within [0, 1]. Default [0.004, 0.025].")]
    public ValueRange Noise { get; init; } = new(0.004, 0.025);

    [Description("Compression artefacts.")] public PlateCompressionOptions Compression { get; init; } = new();

    internal IEnumerable<SynthesisOptionError> Check(string at) =>
    [
        .. OptionChecks.Nested(MotionBlur, $"{at}.motionBlur", (r, f) => r.Check(f)),
        .. OptionChecks.Nested(Defocus, $"{at}.defocus", (r, f) => r.Check(f)),
        .. OptionChecks.Nested(Rain, $"{at}.rain", (r, f) => r.Check(f)),
        .. OptionChecks.Nested(Fog, $"{at}.fog", (r, f) => r.Check(f)),
        .. OptionChecks.Range(Noise, $"{at}.noise", 0, 1),
        .. OptionChecks.Nested(Compression, $"{at}.compression", (r, f) => r.Check(f)),
    ];
}
