using System.Text.RegularExpressions;

namespace CityMesh.Governance.Audit;

/// <summary>
/// A secret that seals audit records (HMAC-SHA256). <see cref="Id"/> is stored in every record it seals, so a key can be
/// retired from signing and still verify the records it sealed.
/// </summary>
/// <param name="Id">Letters, digits, <c>.</c>, <c>_</c> or <c>-</c>, at most 64; the database refuses other shapes.
/// Null only for a verifier's key given without an id: it is tried on records of any id.</param>
public sealed partial record AuditKey(string? Id, byte[] Secret)
{
    /// <summary>Fewer bytes than SHA-256's output would make the MAC easier to guess than the hash it replaces.</summary>
    public const int MinBytes = 32;

    /// <summary>The id shape, also checked by the database's insert trigger (<see cref="PostgresAuditSchema"/>).</summary>
    public const string IdPattern = "^[A-Za-z0-9._-]{1,64}$";

    [GeneratedRegex(IdPattern)]
    private static partial Regex IdShape();

    public static bool IsValidId(string? id) => id is not null && IdShape().IsMatch(id);

    /// <summary>A key from its base64 text (as <c>openssl rand -base64 32</c> prints it; surrounding whitespace ignored).</summary>
    /// <param name="setting">Where the text came from, named in errors.</param>
    /// <exception cref="InvalidOperationException">Not base64, or shorter than <see cref="MinBytes"/>; the message names the setting.</exception>
    public static AuditKey FromBase64(string? id, string text, string setting)
    {
        if (id is not null && !IsValidId(id))
            throw new InvalidOperationException($"{setting}: the key id '{id}' is not 1 to 64 letters, digits, '.', '_' or '-'");
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not base64; make a key with: openssl rand -base64 32");
        }
        if (secret.Length < MinBytes)
            throw new InvalidOperationException($"{setting} holds {secret.Length} bytes; an audit key needs at least {MinBytes} (openssl rand -base64 32)");
        return new AuditKey(id, secret);
    }

    /// <summary>A key from a file holding its base64 text, such as a mounted Kubernetes Secret.</summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or is not a key; the message names the setting and the path.</exception>
    public static AuditKey FromFile(string? id, string path, string setting)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{setting}: cannot read the key file {path}: {e.Message}");
        }
        return FromBase64(id, text, $"{setting} ({path})");
    }

    /// <summary>A random key that lives as long as the process: the embedded mode's, whose log dies with it too.</summary>
    public static AuditKey Ephemeral() => new("ephemeral", System.Security.Cryptography.RandomNumberGenerator.GetBytes(MinBytes));

    // The secret must never reach a log line through the record's generated ToString.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id ?? "(any)");
        return true;
    }
}
