using System.Security.Cryptography;

namespace CityMesh.Twin.Dashboard;

/// <summary>The page's static files, embedded in the assembly so the twin serves its dashboard with nothing on disk.</summary>
public static class DashboardAssets
{
    private const string ResourcePrefix = "CityMesh.Twin.Dashboard.";

    /// <summary>The page, its map (app.js, energy.js), the operations center's parts (one idea a file) and its style.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "index.html", "app.css", "app.js", "energy.js",
        "ops.js", "tabs.js", "layers.js", "timeline.js", "evidence.js", "inbox.js", "incidents.js", "scenarios.js",
    ];

    public static readonly IReadOnlyDictionary<string, DashboardAsset> Files = Load();

    private static Dictionary<string, DashboardAsset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new InvalidOperationException($"The dashboard file '{name}' is not embedded in {assembly.GetName().Name} (resource {ResourcePrefix}{name}).");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var contentType = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                _ => "text/css; charset=utf-8",
            };
            files[name] = new DashboardAsset(content, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }
        return files;
    }
}

/// <param name="ETag">A strong validator from the content, so browsers revalidate cheaply.</param>
public sealed record DashboardAsset(byte[] Content, string ContentType, string ETag);
