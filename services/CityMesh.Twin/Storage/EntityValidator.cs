using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage;

/// <summary>The model's rules, checked by every store and by the API before it writes.</summary>
public static class EntityValidator
{
    public const int MaxAttributes = 256;

    public static void Validate(Entity entity)
    {
        if (!EntityIds.IsValid(entity.Id)) throw new InvalidEntityException("id", $"'{entity.Id}' is not an absolute URI");
        if (!EntityTypes.IsValidName(entity.Type)) throw new InvalidEntityException("type", $"'{entity.Type}' is not a valid type name");
        if (!Enum.IsDefined(entity.Category)) throw new InvalidEntityException("category", "is not one of the eight categories");
        if (entity.Properties.Count + entity.Relationships.Count > MaxAttributes)
            throw new InvalidEntityException("attributes", $"an entity may have at most {MaxAttributes} attributes");
        foreach (var (name, property) in entity.Properties) ValidateProperty(name, property);
        foreach (var (name, relationship) in entity.Relationships)
        {
            ValidateName(name);
            ValidateRelationship(name, relationship);
            if (entity.Properties.ContainsKey(name))
                throw new InvalidEntityException(name, "is both a property and a relationship");
        }
    }

    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 256 || !char.IsLetter(name[0])
            || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or ':' or '/' or '#' or '.'))
            throw new InvalidEntityException(string.IsNullOrEmpty(name) ? "attribute" : name, "is not a valid attribute name");
        if (Entity.ReservedNames.Contains(name)) throw new InvalidEntityException(name, "is a reserved name");
    }

    public static void ValidateProperty(string name, Property property)
    {
        ValidateName(name);
        if (property.Value.Kind == TwinValueKind.Number && !double.IsFinite(property.Value.Number))
            throw new InvalidEntityException($"{name}.value", "must be a finite number");
        if (property.UnitCode is { } unit && (unit.Length is 0 or > 16 || !unit.All(char.IsLetterOrDigit)))
            throw new InvalidEntityException($"{name}.unitCode", $"'{unit}' is not a UN/CEFACT common code");
    }

    public static void ValidateRelationship(string name, Relationship relationship)
    {
        if (!EntityIds.IsValid(relationship.Object))
            throw new InvalidEntityException($"{name}.object", $"'{relationship.Object}' is not an absolute URI");
    }
}
