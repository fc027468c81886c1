using System.Text;

namespace CityMesh.Simulation.Synthetic.Plates.Labels;

/// <summary>The files that tell a YOLO trainer what the labels mean: classes.txt (one name a line, by id) and data.yaml.</summary>
public static class YoloDatasetFiles
{
    public static void Write(string directory)
    {
        File.WriteAllLines(Path.Combine(directory, "classes.txt"), PlateCharacterClasses.Names);
        var yaml = new StringBuilder();
        yaml.AppendLine("# Synthetic licence plates (CityMesh). Class 0 is the plate; the others are its characters.");
        yaml.AppendLine("path: .");
        yaml.AppendLine("train: images");
        yaml.AppendLine("val: images");
        yaml.AppendLine($"nc: {PlateCharacterClasses.Names.Count}");
        yaml.AppendLine("names:");
        for (int i = 0; i < PlateCharacterClasses.Names.Count; i++)
            yaml.AppendLine($"  {i}: '{PlateCharacterClasses.Names[i]}'");
        File.WriteAllText(Path.Combine(directory, "data.yaml"), yaml.ToString());
    }
}
