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
        for (var i = 0; i < entity.OtherTypes.Count; i++)
        {
            if (!EntityTypes.IsValidName(entity.OtherTypes[i])) throw new InvalidEntityException($"type[{i + 1}]", $"'{entity.OtherTypes[i]}' is not a valid type name");
            if (entity.OtherTypes[i] == entity.Type || entity.OtherTypes.Take(i).Contains(entity.OtherTypes[i]))
                throw new InvalidEntityException($"type[{i + 1}]", "names a type twice");
        }
        for (var i = 0; i < entity.Scope.Count; i++) ValidateScope(entity.Scope[i], $"scope[{i}]");
        if (entity.AppearanceRef is { } appearance) Text("appearance", appearance);
        var instances = entity.Properties.Count + entity.Relationships.Count
            + entity.PropertyDatasets.Values.Sum(d => d.Count) + entity.RelationshipDatasets.Values.Sum(d => d.Count);
        if (instances > MaxAttributes)
            throw new InvalidEntityException("attributes", $"an entity may have at most {MaxAttributes} attribute instances");
        foreach (var (name, property) in entity.Properties) ValidateProperty(name, property);
        foreach (var (name, relationship) in entity.Relationships)
        {
            ValidateName(name);
            ValidateRelationship(name, relationship);
            if (entity.Properties.ContainsKey(name) || entity.PropertyDatasets.ContainsKey(name))
                throw new InvalidEntityException(name, "is both a property and a relationship");
        }
        foreach (var (name, datasets) in entity.PropertyDatasets)
        {
            if (entity.RelationshipDatasets.ContainsKey(name)) throw new InvalidEntityException(name, "is both a property and a relationship");
            ValidateDatasetIds(name, datasets.Select(d => d.DatasetId));
            foreach (var property in datasets) ValidateProperty(name, property);
        }
        foreach (var (name, datasets) in entity.RelationshipDatasets)
        {
            if (entity.Properties.ContainsKey(name)) throw new InvalidEntityException(name, "is both a property and a relationship");
            ValidateDatasetIds(name, datasets.Select(d => d.DatasetId));
            ValidateName(name);
            foreach (var relationship in datasets) ValidateRelationship(name, relationship);
        }
    }

    /// <summary>A scope is a path of one or more segments: <c>/Madrid/Gardens</c>.</summary>
    public static void ValidateScope(string scope, string field)
    {
        Text(field, scope);
        if (scope.Length is < 2 or > 512 || scope[0] != '/' || scope[^1] == '/' || scope.Contains("//", StringComparison.Ordinal)
            || scope.Any(c => char.IsWhiteSpace(c) || c is '#' or '+' or '?'))
            throw new InvalidEntityException(field, $"'{scope}' is not a scope (a path such as /Madrid/Gardens)");
    }

    private static void ValidateDatasetIds(string name, IEnumerable<string?> datasetIds)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in datasetIds)
        {
            if (id is null) throw new InvalidEntityException($"{name}.datasetId", "is required on every instance but the default one");
            ValidateDatasetId($"{name}.datasetId", id);
            if (!seen.Add(id)) throw new InvalidEntityException($"{name}.datasetId", $"'{id}' names two instances");
        }
    }

    public static void ValidateDatasetId(string field, string datasetId)
    {
        Text(field, datasetId);
        if (!EntityIdSyntax.IsValid(datasetId)) throw new InvalidEntityException(field, $"'{datasetId}' is not an absolute URI");
    }

    private static void ValidateSub(string name, SubAttributes? sub, int depth = 0)
    {
        if (sub is null) return;
        if (depth > 4) throw new InvalidEntityException(name, "sub-attributes nest at most 4 deep");
        foreach (var (subName, property) in sub.Properties) ValidatePropertyAt($"{name}.{subName}", subName, property, depth + 1);
        foreach (var (subName, relationship) in sub.Relationships)
        {
            if (sub.Properties.ContainsKey(subName)) throw new InvalidEntityException($"{name}.{subName}", "is both a property and a relationship");
            ValidateNameAt($"{name}.{subName}", subName);
            ValidateRelationshipAt($"{name}.{subName}", relationship, depth + 1);
        }
    }

    public static void ValidateName(string name) => ValidateNameAt(string.IsNullOrEmpty(name) ? "attribute" : name, name);

    private static void ValidateNameAt(string field, string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 256 || !char.IsLetter(name[0])
            || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or ':' or '/' or '#' or '.'))
            throw new InvalidEntityException(field, "is not a valid attribute name");
        if (Entity.ReservedNames.Contains(name)) throw new InvalidEntityException(field, "is a reserved name");
    }

    public static void ValidateProperty(string name, Property property) => ValidatePropertyAt(name, name, property, 0);

    private static void ValidatePropertyAt(string field, string name, Property property, int depth)
    {
        ValidateNameAt(field, name);
        if (ValueProblem(property.Value, property.UnitCode) is { } problem)
            throw new InvalidEntityException($"{field}.{problem.Member}", problem.Reason);
        if (!Enum.IsDefined(property.Kind)) throw new InvalidEntityException($"{field}.type", "is not an attribute type");
        if (property.Kind is PropertyKind.LanguageProperty or PropertyKind.GeoProperty && property.Value.Kind != TwinValueKind.Json)
            throw new InvalidEntityException($"{field}.value", property.Kind == PropertyKind.GeoProperty ? "must be a GeoJSON geometry" : "must be a language map");
        if (property.DatasetId is { } datasetId) ValidateDatasetId($"{field}.datasetId", datasetId);
        ValidateSub(field, property.Sub, depth);
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

    public static void ValidateRelationship(string name, Relationship relationship) => ValidateRelationshipAt(name, relationship, 0);

    private static void ValidateRelationshipAt(string field, Relationship relationship, int depth)
    {
        var targets = relationship.Targets;
        if (targets.Count == 0) throw new InvalidEntityException($"{field}.object", "must name at least one entity");
        if (relationship.Objects is { } objects && objects[0] != relationship.Object)
            throw new InvalidEntityException($"{field}.object", "the first of several objects must be the relationship's object");
        for (var i = 0; i < targets.Count; i++)
        {
            var path = targets.Count == 1 ? $"{field}.object" : $"{field}.object[{i}]";
            Text(path, targets[i]);
            if (!EntityIdSyntax.IsValid(targets[i])) throw new InvalidEntityException(path, $"'{targets[i]}' is not an absolute URI");
        }
        if (relationship.DatasetId is { } datasetId) ValidateDatasetId($"{field}.datasetId", datasetId);
        ValidateSub(field, relationship.Sub, depth);
    }

    /// <summary>The one text rule (<see cref="StoredText"/>), before any rule that would quote the text back.</summary>
    private static void Text(string field, string text)
    {
        if (StoredText.Problem(text) is { } problem) throw new InvalidEntityException(field, problem);
    }
}
