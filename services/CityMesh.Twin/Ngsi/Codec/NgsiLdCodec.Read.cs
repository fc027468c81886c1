using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Ngsi.Codec;

/// <summary>
/// Reads and writes entities in NGSI-LD's normalized JSON form. Reading reports every bad field it finds, each named
/// by its JSON path (<c>speed.value</c>, <c>location.value.coordinates[0][3]</c>), in one BadRequestData problem.
/// </summary>
public static partial class NgsiLdCodec
{
    /// <summary>Entity members NGSI-LD defines that CityMesh does not model; rejected rather than silently dropped.</summary>
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal) { "observedAt", "expiresAt", "lang" };

    /// <param name="path">Where the entity sits in the body: "" for a single entity, "[3]" in a batch.</param>
    /// <exception cref="NgsiProblemException">BadRequestData naming each bad field.</exception>
    public static Entity ReadEntity(JsonElement root, LdContext context, string path = "")
    {
        var reader = new Reader(context, path);
        if (root.ValueKind != JsonValueKind.Object)
            throw new NgsiProblemException(path.Length == 0
                ? NgsiProblem.InvalidRequest("the request body must be a JSON object: one entity") // the request itself is malformed
                : NgsiProblem.BadRequestData("an entity must be a JSON object", path));

        string? id = null;
        IReadOnlyList<string>? types = null;
        IReadOnlyList<string> scope = [];
        Geometry? location = null;
        string? appearance = null;
        var attributes = new AttributeSet();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var member in root.EnumerateObject())
        {
            var name = member.Name;
            var value = member.Value;
            if (name is "@context" or "createdAt" or "modifiedAt") continue; // the context was resolved by the caller; system attributes are the twin's
            if (name is "id" or "type" or "location" or "scope")
            {
                if (!seen.Add(name)) reader.Error(name, "appears twice");
                else if (name == "id") id = reader.ReadId(value);
                else if (name == "type") types = reader.ReadTypes(value);
                else if (name == "scope") scope = reader.ReadScope(value) ?? scope;
                else location = reader.ReadLocation(value, name);
                continue;
            }
            if (Unsupported.Contains(name))
            {
                reader.Error(name, "is not supported by CityMesh on an entity");
                continue;
            }
            var stored = reader.Stored(name);
            if (stored is null) continue;
            if (!seen.Add(stored))
            {
                reader.Error(name, "appears twice");
                continue;
            }
            if (stored == "appearance") appearance = reader.ReadAppearance(value, name);
            else reader.ReadAttribute(value, name, stored, attributes);
        }
        if (id is null && !seen.Contains("id")) reader.Error("id", "is required");
        if (types is null && !seen.Contains("type")) reader.Error("type", "is required");
        RefuseNaturalPerson(reader, types);
        reader.ThrowIfErrors();

        var entity = new Entity
        {
            Id = id!,
            Type = types![0],
            OtherTypes = [.. types.Skip(1)],
            Scope = scope,
            Location = location,
            AppearanceRef = appearance,
            Properties = attributes.Properties,
            Relationships = attributes.Relationships,
            PropertyDatasets = attributes.PropertyDatasets(),
            RelationshipDatasets = attributes.RelationshipDatasets(),
        };
        try
        {
            EntityValidator.Validate(entity);
        }
        catch (InvalidEntityException e)
        {
            throw new NgsiProblemException(NgsiProblem.BadRequestData([new(reader.Path(e.Field), e.Reason)]));
        }
        return entity;
    }

    /// <summary>Privacy by construction: the twin never holds an identifiable person, so none can ever be served.</summary>
    private static void RefuseNaturalPerson(Reader reader, IReadOnlyList<string>? types)
    {
        if (types is not null && Entity.CategoryOf(types[0], [.. types.Skip(1)]) == EntityCategory.NaturalPerson)
            reader.Error("type", "natural persons are never held individually; publish aggregates instead (e.g. a District's population)");
    }

    /// <summary>Reads a PATCH /attrs (or POST /attrs) body.</summary>
    /// <exception cref="NgsiProblemException">BadRequestData naming each bad field, or when it names no attribute.</exception>
    public static EntityFragment ReadFragment(JsonElement root, LdContext context)
    {
        var reader = new Reader(context, "");
        if (root.ValueKind != JsonValueKind.Object)
            throw new NgsiProblemException(NgsiProblem.InvalidRequest("the request body must be a JSON object: an entity fragment"));
        Geometry? location = null;
        var attributes = new AttributeSet();
        var refused = new List<NotUpdatedAttribute>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            var name = member.Name;
            if (name is "@context" or "createdAt" or "modifiedAt") continue;
            if (name is "id" or "type" or "scope")
            {
                reader.Error(name, "cannot be changed by PATCH /attrs, which updates attributes");
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
            switch (stored)
            {
                case "location":
                    location = reader.ReadLocation(member.Value, name);
                    break;
                case "appearance":
                    refused.Add(new(stored, "is set when the entity is created or upserted, not by PATCH /attrs"));
                    break;
                default:
                    reader.ReadAttribute(member.Value, name, stored, attributes);
                    break;
            }
        }
        reader.ThrowIfErrors();
        if (attributes.Count + refused.Count == 0 && location is null)
            throw new NgsiProblemException(NgsiProblem.BadRequestData("the fragment names no attribute to update", "(body)"));
        var patch = new AttributePatch
        {
            Properties = attributes.Properties,
            Relationships = attributes.Relationships,
            PropertyDatasets = attributes.PropertyDatasets(),
            RelationshipDatasets = attributes.RelationshipDatasets(),
            Location = location,
        };
        return new EntityFragment(patch, refused);
    }

    /// <summary>
    /// Reads instances the twin wrote itself (<see cref="WriteInstances"/>, names as stored): how the PostgreSQL
    /// store keeps attributes with sub-attributes, several objects or datasetIds.
    /// </summary>
    /// <exception cref="InvalidDataException">The JSON is not what <see cref="WriteInstances"/> writes.</exception>
    public static IReadOnlyList<AttributeInstance> ReadInstances(string name, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var reader = new Reader(LdContext.CityMesh, "");
        var set = new AttributeSet();
        reader.ReadAttribute(doc.RootElement, name, name, set);
        try
        {
            reader.ThrowIfErrors();
        }
        catch (NgsiProblemException e)
        {
            throw new InvalidDataException($"stored attribute '{name}' cannot be read back: {e.Problem.Detail}", e);
        }
        return [.. AttributeInstance.Of(new Entity
        {
            Id = "urn:x", Type = "X",
            Properties = set.Properties, Relationships = set.Relationships,
            PropertyDatasets = set.PropertyDatasets(), RelationshipDatasets = set.RelationshipDatasets(),
        })];
    }

    /// <summary>The attributes read from one body, default instances apart from those with a datasetId.</summary>
    private sealed class AttributeSet
    {
        public readonly Dictionary<string, Property> Properties = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Relationship> Relationships = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Property>> _propertyDatasets = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Relationship>> _relationshipDatasets = new(StringComparer.Ordinal);

        public int Count => Properties.Count + Relationships.Count + _propertyDatasets.Count + _relationshipDatasets.Count;

        /// <returns>A reason when the instance cannot join the ones already read under the name.</returns>
        public string? Add(string name, Property property)
        {
            if (Relationships.ContainsKey(name) || _relationshipDatasets.ContainsKey(name)) return "every instance of an attribute must be of the same type (Relationship here)";
            if (property.DatasetId is null)
            {
                if (!Properties.TryAdd(name, property)) return "has two instances without a datasetId";
                return null;
            }
            var list = _propertyDatasets.TryGetValue(name, out var l) ? l : _propertyDatasets[name] = [];
            if (list.Any(p => p.DatasetId == property.DatasetId)) return $"has two instances with datasetId '{property.DatasetId}'";
            list.Add(property);
            return null;
        }

        public string? Add(string name, Relationship relationship)
        {
            if (Properties.ContainsKey(name) || _propertyDatasets.ContainsKey(name)) return "every instance of an attribute must be of the same type (Property here)";
            if (relationship.DatasetId is null)
            {
                if (!Relationships.TryAdd(name, relationship)) return "has two instances without a datasetId";
                return null;
            }
            var list = _relationshipDatasets.TryGetValue(name, out var l) ? l : _relationshipDatasets[name] = [];
            if (list.Any(r => r.DatasetId == relationship.DatasetId)) return $"has two instances with datasetId '{relationship.DatasetId}'";
            list.Add(relationship);
            return null;
        }

        public IReadOnlyDictionary<string, IReadOnlyList<Property>> PropertyDatasets() =>
            _propertyDatasets.Count == 0 ? Entity.EmptyPropertyDatasets : _propertyDatasets.ToDictionary(p => p.Key, p => (IReadOnlyList<Property>)p.Value, StringComparer.Ordinal);

        public IReadOnlyDictionary<string, IReadOnlyList<Relationship>> RelationshipDatasets() =>
            _relationshipDatasets.Count == 0 ? Entity.EmptyRelationshipDatasets : _relationshipDatasets.ToDictionary(p => p.Key, p => (IReadOnlyList<Relationship>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>Reads one entity's members, collecting errors instead of stopping at the first.</summary>
    private sealed class Reader(LdContext context, string path)
    {
        private readonly List<FieldError> _errors = [];

        public string Path(string field) => path.Length == 0 ? field : $"{path}.{field}";

        public void Error(string field, string reason) => _errors.Add(new(Path(field), reason));

        public void ThrowIfErrors()
        {
            if (_errors.Count > 0) throw new NgsiProblemException(NgsiProblem.BadRequestData(_errors));
        }

        /// <summary>The name the store keeps for a client's attribute name; null (and an error) when there is none.</summary>
        public string? Stored(string name)
        {
            if (name.Length == 0)
            {
                Error("(attribute)", "an attribute name must not be empty");
                return null;
            }
            return context.ToStored(name);
        }

        public string? ReadId(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                Error("id", "must be a string URI");
                return null;
            }
            var id = value.GetString()!;
            if (!EntityIdSyntax.IsValid(id))
            {
                Error("id", $"'{Clip(id)}' is not an absolute URI (for example urn:ngsi-ld:RoadSegment:city:1)");
                return null;
            }
            return id;
        }

        /// <summary>One type, or several (an array); null (and an error) when there is none valid.</summary>
        public IReadOnlyList<string>? ReadTypes(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Array) return ReadType(value, "type") is { } one ? [one] : null;
            if (value.GetArrayLength() == 0)
            {
                Error("type", "must name at least one type");
                return null;
            }
            var types = new List<string>();
            var errors = _errors.Count;
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (ReadType(item, $"type[{i++}]") is { } type && !types.Contains(type)) types.Add(type);
            }
            return _errors.Count == errors ? types : null;
        }

        private string? ReadType(JsonElement value, string field)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                Error(field, "must be a string");
                return null;
            }
            var type = value.GetString()!;
            if (Entity.ReservedNames.Contains(type))
            {
                // "type", "id" and the like are NGSI-LD's own names (aliases of JSON-LD keywords), never a type.
                Error(field, $"'{type}' is a reserved name, not an entity type");
                return null;
            }
            var stored = type.Length == 0 ? type : context.ToStored(type);
            if (!EntityTypes.IsValidName(stored))
            {
                Error(field, $"'{Clip(type)}' is not a valid type name (letters, digits and _-.:/#, starting with a letter)");
                return null;
            }
            return stored;
        }

        /// <summary>A scope or an array of them (NGSI-LD 4.18).</summary>
        public IReadOnlyList<string>? ReadScope(JsonElement value)
        {
            var items = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new[] { value };
            var scopes = new List<string>();
            for (var i = 0; i < items.Length; i++)
            {
                var field = value.ValueKind == JsonValueKind.Array ? $"scope[{i}]" : "scope";
                if (items[i].ValueKind != JsonValueKind.String)
                {
                    Error(field, "must be a string such as /Madrid/Gardens");
                    continue;
                }
                try
                {
                    EntityValidator.ValidateScope(items[i].GetString()!, field);
                    if (!scopes.Contains(items[i].GetString()!)) scopes.Add(items[i].GetString()!);
                }
                catch (InvalidEntityException e)
                {
                    Error(e.Field, e.Reason);
                }
            }
            return scopes;
        }

        public Geometry? ReadLocation(JsonElement value, string name)
        {
            if (!TypedObject(value, name, "GeoProperty", out var geo)) return null;
            foreach (var member in value.EnumerateObject())
            {
                if (member.Name is not ("type" or "value" or "observedAt" or "createdAt" or "modifiedAt"))
                    Error($"{name}.{member.Name}", "is not supported on location");
            }
            if (!geo.TryGetProperty("value", out var geometry) || geometry.ValueKind == JsonValueKind.Null)
            {
                Error($"{name}.value", "is required: a GeoJSON geometry");
                return null;
            }
            try
            {
                return GeoJson.Read(geometry, Path($"{name}.value"));
            }
            catch (GeoJsonException e)
            {
                _errors.Add(new(e.Field, e.Reason));
                return null;
            }
        }

        public string? ReadAppearance(JsonElement value, string name)
        {
            if (!TypedObject(value, name, "Property", out _)) return null;
            if (!value.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.String
                || v.GetString() is not { Length: > 0 and <= 2048 } reference || !Uri.TryCreate(reference, UriKind.RelativeOrAbsolute, out _))
            {
                Error($"{name}.value", "must be a URI reference to the appearance asset (a 3D model, say)");
                return null;
            }
            return reference;
        }

        /// <summary>An attribute: one instance (an object) or several (an array, each with its own datasetId).</summary>
        public void ReadAttribute(JsonElement value, string name, string stored, AttributeSet into)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                if (value.GetArrayLength() == 0) Error(name, "must hold at least one instance");
                var i = 0;
                foreach (var item in value.EnumerateArray()) AddInstance(item, $"{name}[{i++}]", name, stored, into);
                return;
            }
            AddInstance(value, name, name, stored, into);
        }

        private void AddInstance(JsonElement value, string field, string name, string stored, AttributeSet into)
        {
            var (property, relationship) = ReadInstance(value, field, stored, depth: 0);
            var clash = property is not null ? into.Add(stored, property) : relationship is not null ? into.Add(stored, relationship) : null;
            if (clash is not null) Error(name, clash);
        }

        /// <summary>
        /// One attribute instance in normalized form. Members other than NGSI-LD's own are its sub-attributes, read
        /// the same way (they nest).
        /// </summary>
        private (Property?, Relationship?) ReadInstance(JsonElement value, string field, string stored, int depth)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                Error(field, "must be an attribute object with \"type\" Property, Relationship, GeoProperty, LanguageProperty, JsonProperty, VocabProperty or ListProperty (NGSI-LD normalized form)");
                return (null, null);
            }
            if (!value.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                Error($"{field}.type", "is required: Property, Relationship, GeoProperty, LanguageProperty, JsonProperty, VocabProperty or ListProperty");
                return (null, null);
            }
            var type = typeElement.GetString()!;
            PropertyKind? kind = type switch
            {
                "Property" => PropertyKind.Property,
                "GeoProperty" => PropertyKind.GeoProperty,
                "LanguageProperty" => PropertyKind.LanguageProperty,
                "JsonProperty" => PropertyKind.JsonProperty,
                "VocabProperty" => PropertyKind.VocabProperty,
                "ListProperty" => PropertyKind.ListProperty,
                _ => null,
            };
            if (kind is null && type != "Relationship")
            {
                Error($"{field}.type", type == "ListRelationship"
                    ? "ListRelationship is not supported; a Relationship may name several objects"
                    : $"'{Clip(type)}' is not an attribute type; use Property, Relationship, GeoProperty, LanguageProperty, JsonProperty, VocabProperty or ListProperty");
                return (null, null);
            }
            var valueMember = kind switch
            {
                null => "object",
                PropertyKind.LanguageProperty => "languageMap",
                PropertyKind.JsonProperty => "json",
                PropertyKind.VocabProperty => "vocab",
                PropertyKind.ListProperty => "valueList",
                _ => "value",
            };

            var ok = true;
            JsonElement? content = null;
            string? unitCode = null;
            string? datasetId = null;
            DateTimeOffset? observedAt = null;
            var sub = new AttributeSet();
            foreach (var member in value.EnumerateObject())
            {
                var memberField = $"{field}.{member.Name}";
                if (member.Name == valueMember)
                {
                    content = member.Value;
                    continue;
                }
                switch (member.Name)
                {
                    case "type" or "createdAt" or "modifiedAt" or "instanceId" or "@context":
                        break;
                    case "unitCode" when kind is not null:
                        if (member.Value.ValueKind == JsonValueKind.String) unitCode = member.Value.GetString();
                        else
                        {
                            Error(memberField, "must be a string (a UN/CEFACT common code such as KMH)");
                            ok = false;
                        }
                        break;
                    case "observedAt":
                        observedAt = ReadTime(member.Value, memberField);
                        ok &= observedAt is not null;
                        break;
                    case "datasetId":
                        if (depth > 0)
                        {
                            Error(memberField, "sub-attributes have one instance; datasetId is for attributes of the entity");
                            ok = false;
                        }
                        else if (member.Value.ValueKind == JsonValueKind.String && EntityIdSyntax.IsValid(member.Value.GetString()!)) datasetId = member.Value.GetString();
                        else
                        {
                            Error(memberField, "must be a URI naming the instance (urn:ngsi-ld:Dataset:...)");
                            ok = false;
                        }
                        break;
                    case "value" or "object" or "languageMap" or "json" or "vocab" or "valueList" or "objectList" or "unitCode" or "lang" or "objectType":
                        Error(memberField, $"does not belong on a {type}; its content is \"{valueMember}\"");
                        ok = false;
                        break;
                    default:
                        if (member.Name.StartsWith('@') || member.Name.Length == 0)
                        {
                            Error(memberField, "is not an attribute name");
                            ok = false;
                            break;
                        }
                        var subStored = Stored(member.Name);
                        if (subStored is null) break;
                        if (member.Value.ValueKind == JsonValueKind.Array)
                        {
                            Error(memberField, "a sub-attribute has one instance");
                            ok = false;
                            break;
                        }
                        var (p, r) = ReadInstance(member.Value, memberField, subStored, depth + 1);
                        var clash = p is not null ? sub.Add(subStored, p) : r is not null ? sub.Add(subStored, r) : null;
                        if (clash is not null) Error(memberField, clash);
                        ok &= p is not null || r is not null;
                        break;
                }
            }
            if (content is not { } c || c.ValueKind == JsonValueKind.Null)
            {
                Error($"{field}.{valueMember}", content is null ? "is required" : "must not be null (delete an attribute with DELETE /entities/{id}/attrs/{attr})");
                return (null, null);
            }
            var subAttributes = sub.Count == 0 ? null : new SubAttributes(sub.Properties, sub.Relationships);
            if (kind is null)
            {
                if (ReadObjects(c, $"{field}.object") is not { } objects || !ok) return (null, null);
                var relationship = new Relationship(objects[0], observedAt)
                {
                    // An array stays an array, even of one, so the entity comes back as sent.
                    Objects = c.ValueKind == JsonValueKind.Array ? objects : null,
                    DatasetId = datasetId,
                    Sub = subAttributes,
                };
                return Valid(() =>
                {
                    EntityValidator.ValidateName(stored);
                    EntityValidator.ValidateRelationship(stored, relationship);
                }, field, stored) ? (null, relationship) : (null, null);
            }
            if (ReadContent(kind.Value, c, $"{field}.{valueMember}") is not { } twinValue || !ok) return (null, null);
            var property = new Property(twinValue, unitCode, observedAt) { Kind = kind.Value, DatasetId = datasetId, Sub = subAttributes };
            return Valid(() => EntityValidator.ValidateProperty(stored, property), field, stored) ? (property, null) : (null, null);
        }

        private List<string>? ReadObjects(JsonElement value, string field)
        {
            var items = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new[] { value };
            if (items.Length == 0)
            {
                Error(field, "must name at least one entity");
                return null;
            }
            var objects = new List<string>(items.Length);
            for (var i = 0; i < items.Length; i++)
            {
                if (items[i].ValueKind != JsonValueKind.String)
                {
                    Error(items.Length == 1 && value.ValueKind != JsonValueKind.Array ? field : $"{field}[{i}]", "must be a string entity id");
                    return null;
                }
                objects.Add(items[i].GetString()!);
            }
            return objects;
        }

        /// <summary>The content of a property of the given kind, checked as its kind requires.</summary>
        private TwinValue? ReadContent(PropertyKind kind, JsonElement content, string field)
        {
            switch (kind)
            {
                case PropertyKind.GeoProperty:
                    try
                    {
                        GeoJson.Read(content, field);
                    }
                    catch (GeoJsonException e)
                    {
                        _errors.Add(new(e.Field, e.Reason));
                        return null;
                    }
                    return TwinValue.FromJson(content);
                case PropertyKind.LanguageProperty:
                    if (content.ValueKind != JsonValueKind.Object || !content.EnumerateObject().Any()
                        || content.EnumerateObject().Any(l => l.Value.ValueKind != JsonValueKind.String
                            && (l.Value.ValueKind != JsonValueKind.Array || l.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))))
                    {
                        Error(field, "must be a language map: an object of language tags to strings (or arrays of strings)");
                        return null;
                    }
                    return TwinValue.FromJson(content);
                case PropertyKind.VocabProperty:
                    if (content.ValueKind != JsonValueKind.String
                        && (content.ValueKind != JsonValueKind.Array || content.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String)))
                    {
                        Error(field, "must be a term or an array of terms");
                        return null;
                    }
                    return TwinValue.FromJson(content);
                case PropertyKind.ListProperty:
                    if (content.ValueKind != JsonValueKind.Array)
                    {
                        Error(field, "must be an array");
                        return null;
                    }
                    return TwinValue.FromJson(content);
                default:
                    return TwinValue.FromJson(content);
            }
        }

        private DateTimeOffset? ReadTime(JsonElement value, string field)
        {
            if (value.ValueKind == JsonValueKind.String && IsoTime.TryParse(value.GetString(), out var time)) return time;
            Error(field, $"must be {IsoTime.Expected}");
            return null;
        }

        /// <summary>Runs a model rule; its error is reported under the client's name for the attribute.</summary>
        private bool Valid(Action rule, string name, string stored)
        {
            try
            {
                rule();
                return true;
            }
            catch (InvalidEntityException e)
            {
                var field = e.Field.StartsWith(stored, StringComparison.Ordinal) ? name + e.Field[stored.Length..] : e.Field;
                Error(field, e.Reason);
                return false;
            }
        }

        private bool TypedObject(JsonElement value, string name, string expectedType, out JsonElement element)
        {
            element = value;
            if (value.ValueKind != JsonValueKind.Object)
            {
                Error(name, $"must be an object with \"type\": \"{expectedType}\" (NGSI-LD normalized form)");
                return false;
            }
            if (!value.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != expectedType)
            {
                Error($"{name}.type", $"must be \"{expectedType}\"");
                return false;
            }
            return true;
        }

        private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
    }
}
