using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Ngsi.Codec;

/// <summary>
/// A PATCH /attrs body: what the store can update, and the attributes it named that this operation never updates
/// (reported back as not updated). Names are the ones the store keeps.
/// </summary>
public sealed record EntityFragment(AttributePatch Patch, IReadOnlyList<NotUpdatedAttribute> Refused);
