using CityMesh.Simulation.Synthetic.Plates.Camera;

namespace CityMesh.Simulation.Synthetic.Plates;

/// <summary>One image as sampled: its index and seed, the template and text, the scene to render and the camera it came from.</summary>
public sealed record PlateSample(long Index, ulong Seed, string TemplateId, string Text, PlateScene Scene, CameraPose Camera);
