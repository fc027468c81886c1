namespace CityMesh.Simulation.Synthetic.Plates.Templates;

/// <summary>A template file or definition that cannot be used; the message names the file and every bad field.</summary>
public sealed class PlateTemplateException(string message) : Exception(message);
