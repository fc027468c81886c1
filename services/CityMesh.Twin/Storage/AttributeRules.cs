namespace CityMesh.Twin.Storage;

/// <summary>The model's rules for a set of attribute instances sent on their own (a PATCH or an append).</summary>
public static class AttributeRules
{
    /// <exception cref="InvalidEntityException">The first instance that breaks a rule.</exception>
    public static void Validate(AttributePatch patch)
    {
        foreach (var instance in AttributeInstance.Of(patch))
        {
            if (instance.Property is { } property) EntityValidator.ValidateProperty(instance.Name, property);
            else
            {
                EntityValidator.ValidateName(instance.Name);
                EntityValidator.ValidateRelationship(instance.Name, instance.Relationship!);
            }
        }
    }

    /// <summary>
    /// Why an update that changes the kind of one instance is refused: an attribute's instances share one kind, so
    /// only an attribute held as a single instance may become the other kind (the update replaces it).
    /// </summary>
    public static string OtherKindReason(bool heldIsRelationship) =>
        $"its other instances are {(heldIsRelationship ? "relationships" : "properties")}: an attribute's instances share one kind";
}
