using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage;

/// <summary>The model's rules, checked by every store and by the API before it writes.</summary>
public static class EntityValidator
{
    public const int MaxAttributes = 256;

    public static void Validate(Entity entity)
    {
        Text("id", entity.Id);
        if (!EntityIdSyntax.IsValid(entity.Id)) throw new InvalidEntityException("id", $"'{entity.Id}' is not an absolute URI");
        if (!EntityTypes.IsValidName(entity.Type)) throw new InvalidEntityException("type", $"'{entity.Type}' is not a valid type name");
        if (entity.AppearanceRef is { } appearance) Text("appearance", appearance);
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
        if (ValueProblem(property.Value, property.UnitCode) is { } problem)
            throw new InvalidEntityException($"{name}.{problem.Member}", problem.Reason);
    }

    /// <summary>
    /// The value rules of <see cref="ValidateProperty"/> without the name, and without allocating: the memory store's
    /// telemetry path checks every observation on an attribute it already knows with this.
    /// </summary>
    public static bool IsValidValue(TwinValue value, string? unitCode) => ValueProblem(value, unitCode) is null;

    private static (string Member, string Reason)? ValueProblem(TwinValue value, string? unitCode)
    {
        switch (value.Kind)
        {
            case TwinValueKind.Number when !double.IsFinite(value.Number):
                return ("value", "must be a finite number");
            case TwinValueKind.Text when StoredText.Problem(value.Text) is { } text:
                return ("value", text);
            case TwinValueKind.Json when StoredText.ProblemInJson(value.Text!) is { } json:
                return ("value", json);
        }
        if (unitCode is { } unit && (unit.Length is 0 or > 16 || !unit.All(char.IsLetterOrDigit)))
            return ("unitCode", $"'{unit}' is not a UN/CEFACT common code");
        return null;
    }

    public static void ValidateRelationship(string name, Relationship relationship)
    {
        Text($"{name}.object", relationship.Object);
        if (!EntityIdSyntax.IsValid(relationship.Object))
            throw new InvalidEntityException($"{name}.object", $"'{relationship.Object}' is not an absolute URI");
    }

    /// <summary>The one text rule (<see cref="StoredText"/>), before any rule that would quote the text back.</summary>
    private static void Text(string field, string text)
    {
        if (StoredText.Problem(text) is { } problem) throw new InvalidEntityException(field, problem);
    }
}
