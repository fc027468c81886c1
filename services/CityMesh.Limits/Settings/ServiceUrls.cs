using Microsoft.Extensions.Configuration;

namespace CityMesh.Limits.Settings;

/// <summary>Settings that say where another CityMesh service answers (<c>CityMesh:TwinUrl</c>, <c>CityMesh:TwinGrpcUrl</c>).</summary>
public static class ServiceUrls
{
    /// <summary>The http or https URL set under <paramref name="key"/>, or null when the key is unset or empty.</summary>
    /// <param name="example">An address to show in the error, e.g. <c>http://twin:8080</c>.</param>
    /// <exception cref="InvalidOperationException">The value is not an http or https URL; the message names the key.</exception>
    public static Uri? ReadServiceUrl(this IConfiguration configuration, string key, string example)
    {
        if (configuration[key] is not { Length: > 0 } text) return null;
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && IsHttp(url)
            ? url
            : throw new InvalidOperationException($"{key} is '{text}'; it must be an http or https URL such as {example}.");
    }

    public static bool IsHttp(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
