namespace CityMesh.Twin.Ngsi;

/// <summary>Bounds on what one request may ask of the twin, so no client can make it buffer or scan without end.</summary>
public static class NgsiLimits
{
    /// <summary>Body of a single-entity request (create, PATCH attrs).</summary>
    public const int EntityBodyBytes = 1 << 20;

    /// <summary>Body of a batch operation.</summary>
    public const int BatchBodyBytes = 8 << 20;

    /// <summary>Entities in one batch.</summary>
    public const int BatchEntities = 10_000;

    public const int DefaultLimit = 20;

    /// <summary>Largest page; the same bound the stores apply.</summary>
    public const int MaxLimit = Query.EntityQuery.MaxLimit;

    /// <summary>Ids in one <c>id=</c> list or names in one <c>attrs=</c> or <c>type=</c> list.</summary>
    public const int MaxListItems = 100;
}
