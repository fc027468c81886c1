namespace CityMesh.Twin.Ngsi;

/// <summary>
/// The API's page and list sizes. Bounds on what a request may send (body sizes, batch length, JSON depth, regular
/// expression time) are input limits, configured with every other in <see cref="CityMesh.Limits.InputLimits"/>.
/// </summary>
public static class NgsiLimits
{
    public const int DefaultLimit = 20;

    /// <summary>Largest page; the same bound the stores apply.</summary>
    public const int MaxLimit = Query.EntityQuery.MaxLimit;

    /// <summary>Ids in one <c>id=</c> list or names in one <c>attrs=</c> or <c>type=</c> list.</summary>
    public const int MaxListItems = 100;
}
