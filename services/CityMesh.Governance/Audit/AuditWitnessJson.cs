using System.Text.Json;

namespace CityMesh.Governance.Audit;

/// <summary>A checkpoint as witnesses hold it: one JSON object (camelCase members), the same in a file line and an HTTP body.</summary>
public static class AuditWitnessJson
{
    public static string Serialize(AuditCheckpoint checkpoint) => JsonSerializer.Serialize(checkpoint, JsonSerializerOptions.Web);

    /// <exception cref="JsonException">Not a checkpoint.</exception>
    public static AuditCheckpoint Deserialize(string json)
    {
        var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(json, JsonSerializerOptions.Web) ?? throw new JsonException("null is not a checkpoint");
        if (checkpoint.Hash is null || checkpoint.Signer is null || checkpoint.Signature is null)
            throw new JsonException("a checkpoint needs sequence, hash, at, count, signer and signature");
        return checkpoint;
    }

    /// <summary>
    /// The checkpoints in a witness file (one JSON object a line, blank lines skipped), each with its source for reports.
    /// </summary>
    /// <exception cref="AuditReadException">The file cannot be read, or a line is not a checkpoint; the message names the line.</exception>
    public static IReadOnlyList<(AuditCheckpoint Checkpoint, string Source)> ReadFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditReadException($"cannot read the witness file {path}: {e.Message}");
        }
        var checkpoints = new List<(AuditCheckpoint, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            try
            {
                checkpoints.Add((Deserialize(lines[i]), $"witness file {path} line {i + 1}"));
            }
            catch (JsonException e)
            {
                throw new AuditReadException($"the witness file {path} line {i + 1} is not a checkpoint: {e.Message}");
            }
        }
        return checkpoints;
    }
}
