namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// The browser tests run one after another, not beside each other: each starts a whole city and a Chromium, and on CI's
/// two cores three at once starve the pages they measure.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
