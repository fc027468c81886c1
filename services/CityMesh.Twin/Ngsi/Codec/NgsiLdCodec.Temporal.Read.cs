using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Ngsi.Codec;

/// <summary>
/// What a temporal representation asks the twin to write: the entity with each attribute's newest instance as its
/// current value, and every older instance of a dynamic property (default instance, with observedAt) as an
/// observation that joins its history.
/// </summary>
/// <param name="Current">For a fragment (POST /attrs) the type is empty: the entity's own is used.</param>
public sealed record TemporalWrite(Entity Current, IReadOnlyList<Observation> Older);

public static partial class NgsiLdCodec
{
    /// <summary>
    /// Reads a temporal representation (POST /temporal/entities), or with <paramref name="fragmentOf"/> a fragment of
    /// one for that entity (POST /temporal/entities/{id}/attrs): each attribute an instance or an array of instances.
    /// Instances without a datasetId that carry observedAt become history; relationships and datasetId instances keep
    /// only their newest (the twin has no history for them); a default property instance without observedAt is static
    /// and may appear once.
    /// </summary>
    /// <exception cref="NgsiProblemException">BadRequestData naming each bad field.</exception>
    public static TemporalWrite ReadTemporal(JsonElement root, LdContext context, string? fragmentOf = null)
    {
        var reader = new Reader(context, "");
        if (root.ValueKind != JsonValueKind.Object)
            throw new NgsiProblemException(NgsiProblem.InvalidRequest("the request body must be a JSON object: a temporal representation"));
        var fragment = fragmentOf is not null;
        var id = fragmentOf;
        IReadOnlyList<string>? types = fragment ? [""] : null;
        IReadOnlyList<string> scope = [];
        Geometry? location = null;
        string? appearance = null;
        var current = new AttributeSet();
        var older = new List<(string Name, Property Instance, string Field)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var member in root.EnumerateObject())
        {
            var name = member.Name;
            if (name is "@context" or "createdAt" or "modifiedAt") continue;
            if (name is "id" or "type" or "scope")
            {
                if (fragment) reader.Error(name, "cannot be changed by POST /attrs, which adds attribute instances");
                else if (!seen.Add(name)) reader.Error(name, "appears twice");
                else if (name == "id") id = reader.ReadId(member.Value);
                else if (name == "type") types = reader.ReadTypes(member.Value);
                else scope = reader.ReadScope(member.Value) ?? scope;
                continue;
            }
            if (Unsupported.Contains(name))
            {
                reader.Error(name, "is not supported by CityMesh on an entity");
                continue;
            }
            var stored = name == "location" ? name : reader.Stored(name);
            if (stored is null) continue;
            if (!seen.Add(stored))
            {
                reader.Error(name, "appears twice");
                continue;
            }
            var items = member.Value.ValueKind == JsonValueKind.Array ? [.. member.Value.EnumerateArray()] : new[] { member.Value };
            if (items.Length == 0)
            {
                reader.Error(name, "must hold at least one instance");
                continue;
            }
            string FieldOf(int i) => member.Value.ValueKind == JsonValueKind.Array ? $"{name}[{i}]" : name;
            if (stored == "location") location = reader.ReadLocation(items[^1], FieldOf(items.Length - 1)) ?? location; // no history: the last is kept
            else if (stored == "appearance") appearance = reader.ReadAppearance(items[^1], FieldOf(items.Length - 1));
            else ReadTemporalAttribute(reader, items, FieldOf, stored, current, older);
        }
        if (id is null && !seen.Contains("id")) reader.Error("id", "is required");
        if (types is null && !seen.Contains("type")) reader.Error("type", "is required");
        if (!fragment) RefuseNaturalPerson(reader, types);
        else if (current.Count == 0 && location is null && appearance is null && seen.Count == 0)
            reader.Error("(body)", "the fragment names no attribute to add");
        foreach (var (name, instance, field) in older)
        {
            try
            {
                EntityValidator.ValidateProperty(name, instance);
            }
            catch (InvalidEntityException e)
            {
                reader.Error(field, e.Reason);
            }
        }
        reader.ThrowIfErrors();

        var entity = new Entity
        {
            Id = id!,
            Type = types![0],
            OtherTypes = [.. types.Skip(1)],
            Scope = scope,
            Location = location,
            AppearanceRef = appearance,
            Properties = current.Properties,
            Relationships = current.Relationships,
            PropertyDatasets = current.PropertyDatasets(),
            RelationshipDatasets = current.RelationshipDatasets(),
        };
        try
        {
            if (fragment) foreach (var instance in AttributeInstance.Of(entity)) ValidateInstance(instance);
            else EntityValidator.Validate(entity);
        }
        catch (InvalidEntityException e)
        {
            throw new NgsiProblemException(NgsiProblem.BadRequestData([new(e.Field, e.Reason)]));
        }
        var observations = older.Select(o => new Observation(entity.Id, o.Name, o.Instance.Value, o.Instance.ObservedAt!.Value, o.Instance.UnitCode)).ToArray();
        return new TemporalWrite(entity, observations);
    }

    private static void ValidateInstance(AttributeInstance instance)
    {
        if (instance.Property is { } property) EntityValidator.ValidateProperty(instance.Name, property);
        else
        {
            EntityValidator.ValidateName(instance.Name);
            EntityValidator.ValidateRelationship(instance.Name, instance.Relationship!);
        }
    }

    /// <summary>When an instance was observed; one without observedAt counts as older than any with it.</summary>
    private static DateTimeOffset ObservedAt((Property? Property, Relationship? Relationship) instance) =>
        (instance.Property is { } p ? p.ObservedAt : instance.Relationship!.ObservedAt) ?? DateTimeOffset.MinValue;

    /// <summary>Sorts one attribute's instances into its current value(s) and the history that goes before them.</summary>
    private static void ReadTemporalAttribute(Reader reader, JsonElement[] items, Func<int, string> fieldOf, string stored, AttributeSet current,
        List<(string, Property, string)> older)
    {
        var dynamic = new List<(Property Instance, string Field)>();
        var newest = new Dictionary<string, (Property? Property, Relationship? Relationship)>(StringComparer.Ordinal); // by datasetId ("" default)
        string? staticField = null;
        for (var i = 0; i < items.Length; i++)
        {
            var one = new AttributeSet();
            reader.ReadAttribute(items[i], fieldOf(i), stored, one);
            var instance = AttributeInstance.Of(new Entity
            {
                Id = "urn:x", Type = "X", Properties = one.Properties, Relationships = one.Relationships,
                PropertyDatasets = one.PropertyDatasets(), RelationshipDatasets = one.RelationshipDatasets(),
            }).SingleOrDefault();
            if (instance.Name is null) continue; // unreadable: the reader holds the error
            if (instance.Property is { DatasetId: null, ObservedAt: not null } property)
            {
                dynamic.Add((property, fieldOf(i)));
                continue;
            }
            if (instance.Property is { DatasetId: null })
            {
                if (staticField is not null) reader.Error(fieldOf(i), $"a second instance without observedAt (the first is {staticField}): each instance of a temporal representation needs its observedAt");
                staticField ??= fieldOf(i);
            }
            var key = instance.DatasetId ?? "";
            if (!newest.TryGetValue(key, out var held) || ObservedAt(held) <= ObservedAt((instance.Property, instance.Relationship)))
                newest[key] = (instance.Property, instance.Relationship);
        }
        if (staticField is not null && dynamic.Count > 0) reader.Error(staticField, "has no observedAt, unlike the attribute's other instances");
        if (dynamic.Count > 0)
        {
            // One value per instant: the last sent at an instant wins, as later writes correct earlier ones.
            var byTime = dynamic.GroupBy(d => d.Instance.ObservedAt!.Value.UtcTicks).Select(g => g.Last()).OrderBy(d => d.Instance.ObservedAt).ToList();
            newest[""] = (byTime[^1].Instance, null);
            older.AddRange(byTime.Take(byTime.Count - 1).Select(d => (stored, d.Instance, d.Field)));
        }
        foreach (var (property, relationship) in newest.Values)
        {
            var clash = property is not null ? current.Add(stored, property) : current.Add(stored, relationship!);
            if (clash is not null) reader.Error(fieldOf(0), clash);
        }
    }
}
