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
    /// <summary>Members NGSI-LD defines that CityMesh does not model; rejected rather than silently dropped.</summary>
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal) { "scope", "observedAt", "expiresAt", "lang" };

    /// <param name="path">Where the entity sits in the body: "" for a single entity, "[3]" in a batch.</param>
    /// <exception cref="NgsiProblemException">BadRequestData naming each bad field.</exception>
    public static Entity ReadEntity(JsonElement root, LdContext context, string path = "")
    {
        var reader = new Reader(context, path);
        if (root.ValueKind != JsonValueKind.Object)
            throw new NgsiProblemException(NgsiProblem.BadRequestData("an entity must be a JSON object", path.Length == 0 ? "(body)" : path));

        string? id = null;
        string? type = null;
        Geometry? location = null;
        EntityCategory? category = null;
        var status = EntityStatus.Operational;
        string? appearance = null;
        var properties = new Dictionary<string, Property>(StringComparer.Ordinal);
        var relationships = new Dictionary<string, Relationship>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var member in root.EnumerateObject())
        {
            var name = member.Name;
            var value = member.Value;
            if (name is "@context" or "createdAt" or "modifiedAt") continue; // the context was resolved by the caller; system attributes are the twin's
            if (name is "id" or "type" or "location")
            {
                if (!seen.Add(name)) reader.Error(name, "appears twice");
                else if (name == "id") id = reader.ReadId(value);
                else if (name == "type") type = reader.ReadType(value);
                else location = reader.ReadLocation(value, name);
                continue;
            }
            if (Unsupported.Contains(name))
            {
                reader.Error(name, "is not supported by CityMesh");
                continue;
            }
            var stored = reader.Stored(name);
            if (stored is null) continue;
            if (!seen.Add(stored))
            {
                reader.Error(name, "appears twice");
                continue;
            }
            switch (stored)
            {
                case "category":
                    category = reader.ReadEnumProperty(value, name, ModelTerms.TryParseCategory, ModelTerms.CategoryList, out EntityCategory c) ? c : category;
                    break;
                case "status":
                    status = reader.ReadEnumProperty(value, name, ModelTerms.TryParseStatus, ModelTerms.StatusList, out EntityStatus s) ? s : status;
                    break;
                case "appearance":
                    appearance = reader.ReadAppearance(value, name);
                    break;
                default:
                    reader.ReadAttribute(value, name, stored, properties, relationships);
                    break;
            }
        }
        if (id is null && !seen.Contains("id")) reader.Error("id", "is required");
        if (type is null && !seen.Contains("type")) reader.Error("type", "is required");
        // Privacy by construction: the twin never holds an identifiable person, so none can ever be served.
        if ((category ?? (type is null ? null : EntityTypes.CategoryOf(type))) == EntityCategory.NaturalPerson)
            reader.Error(category is null ? "type" : "category", "natural persons are never held individually; publish aggregates instead (e.g. a District's population)");
        reader.ThrowIfErrors();

        var entity = new Entity
        {
            Id = id!,
            Type = type!,
            Category = category ?? EntityTypes.CategoryOf(type!),
            Location = location,
            Status = status,
            AppearanceRef = appearance,
            Properties = properties,
            Relationships = relationships,
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

    /// <summary>Reads a PATCH /attrs body.</summary>
    /// <exception cref="NgsiProblemException">BadRequestData naming each bad field, or when it names no attribute.</exception>
    public static EntityFragment ReadFragment(JsonElement root, LdContext context)
    {
        var reader = new Reader(context, "");
        if (root.ValueKind != JsonValueKind.Object)
            throw new NgsiProblemException(NgsiProblem.BadRequestData("an entity fragment must be a JSON object", "(body)"));
        Geometry? location = null;
        EntityStatus? status = null;
        var properties = new Dictionary<string, Property>(StringComparer.Ordinal);
        var relationships = new Dictionary<string, Relationship>(StringComparer.Ordinal);
        var refused = new List<NotUpdatedAttribute>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            var name = member.Name;
            if (name is "@context" or "createdAt" or "modifiedAt") continue;
            if (name is "id" or "type")
            {
                reader.Error(name, "cannot be changed by PATCH /attrs, which updates attributes");
                continue;
            }
            if (Unsupported.Contains(name))
            {
                reader.Error(name, "is not supported by CityMesh");
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
                case "status":
                    if (reader.ReadEnumProperty(member.Value, name, ModelTerms.TryParseStatus, ModelTerms.StatusList, out EntityStatus s)) status = s;
                    break;
                case "category" or "appearance":
                    refused.Add(new(stored, "is set when the entity is created or upserted, not by PATCH /attrs"));
                    break;
                default:
                    reader.ReadAttribute(member.Value, name, stored, properties, relationships);
                    break;
            }
        }
        reader.ThrowIfErrors();
        if (properties.Count + relationships.Count + refused.Count == 0 && location is null && status is null)
            throw new NgsiProblemException(NgsiProblem.BadRequestData("the fragment names no attribute to update", "(body)"));
        var patch = new AttributePatch { Properties = properties, Relationships = relationships, Location = location, Status = status };
        return new EntityFragment(patch, refused);
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

        public string? ReadType(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                if (value.GetArrayLength() != 1)
                {
                    Error("type", "CityMesh entities have exactly one type");
                    return null;
                }
                value = value[0];
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Error("type", "must be a string");
                return null;
            }
            var type = value.GetString()!;
            var stored = type.Length == 0 ? type : context.ToStored(type);
            if (!EntityTypes.IsValidName(stored))
            {
                Error("type", $"'{Clip(type)}' is not a valid type name (letters, digits and _-.:/#, starting with a letter)");
                return null;
            }
            return stored;
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

        public delegate bool Parser<T>(string? text, out T value);

        public bool ReadEnumProperty<T>(JsonElement value, string name, Parser<T> parse, string allowed, out T result)
        {
            result = default!;
            if (!TypedObject(value, name, "Property", out _)) return false;
            if (!value.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.String)
            {
                Error($"{name}.value", $"must be one of {allowed}");
                return false;
            }
            if (parse(v.GetString(), out result)) return true;
            Error($"{name}.value", $"'{Clip(v.GetString()!)}' is not one of {allowed}");
            return false;
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

        public void ReadAttribute(JsonElement value, string name, string stored, Dictionary<string, Property> properties,
            Dictionary<string, Relationship> relationships)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                Error(name, "multi-attributes (several instances with datasetId) are not supported; send one instance");
                return;
            }
            if (value.ValueKind != JsonValueKind.Object)
            {
                Error(name, "must be an attribute object with \"type\" Property or Relationship (NGSI-LD normalized form)");
                return;
            }
            if (!value.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                Error($"{name}.type", "is required: Property or Relationship");
                return;
            }
            switch (typeElement.GetString())
            {
                case "Property":
                    if (ReadProperty(value, name, stored) is { } property) properties[stored] = property;
                    break;
                case "Relationship":
                    if (ReadRelationship(value, name, stored) is { } relationship) relationships[stored] = relationship;
                    break;
                case "GeoProperty":
                    Error($"{name}.type", "only location is a GeoProperty in CityMesh");
                    break;
                case "LanguageProperty" or "VocabProperty" or "JsonProperty" or "ListProperty" or "ListRelationship":
                    Error($"{name}.type", $"'{typeElement.GetString()}' is not supported; use Property or Relationship");
                    break;
                default:
                    Error($"{name}.type", $"'{Clip(typeElement.GetString()!)}' is not an attribute type; use Property or Relationship");
                    break;
            }
        }

        private Property? ReadProperty(JsonElement value, string name, string stored)
        {
            var ok = true;
            TwinValue? twinValue = null;
            string? unitCode = null;
            DateTimeOffset? observedAt = null;
            foreach (var member in value.EnumerateObject())
            {
                var field = $"{name}.{member.Name}";
                switch (member.Name)
                {
                    case "type" or "createdAt" or "modifiedAt" or "instanceId":
                        break;
                    case "value":
                        if (member.Value.ValueKind is JsonValueKind.Null)
                        {
                            Error(field, "must not be null (deleting attributes is not supported)");
                            ok = false;
                        }
                        else twinValue = TwinValue.FromJson(member.Value);
                        break;
                    case "unitCode":
                        if (member.Value.ValueKind == JsonValueKind.String) unitCode = member.Value.GetString();
                        else
                        {
                            Error(field, "must be a string (a UN/CEFACT common code such as KMH)");
                            ok = false;
                        }
                        break;
                    case "observedAt":
                        observedAt = ReadTime(member.Value, field);
                        ok &= observedAt is not null;
                        break;
                    case "datasetId":
                        Error(field, "multi-attributes are not supported");
                        ok = false;
                        break;
                    default:
                        Error(field, "sub-attributes are not supported; CityMesh properties carry value, unitCode and observedAt");
                        ok = false;
                        break;
                }
            }
            if (twinValue is null)
            {
                if (!value.TryGetProperty("value", out _)) Error($"{name}.value", "is required");
                return null;
            }
            var property = new Property(twinValue.Value, unitCode, observedAt);
            if (!ok || !Valid(() => EntityValidator.ValidateProperty(stored, property), name, stored)) return null;
            return property;
        }

        private Relationship? ReadRelationship(JsonElement value, string name, string stored)
        {
            var ok = true;
            string? target = null;
            DateTimeOffset? observedAt = null;
            foreach (var member in value.EnumerateObject())
            {
                var field = $"{name}.{member.Name}";
                switch (member.Name)
                {
                    case "type" or "createdAt" or "modifiedAt" or "instanceId":
                        break;
                    case "object":
                        if (member.Value.ValueKind == JsonValueKind.String) target = member.Value.GetString();
                        else
                        {
                            Error(field, member.Value.ValueKind == JsonValueKind.Array
                                ? "must be one entity id; relationships to several entities are not supported"
                                : "must be a string entity id");
                            ok = false;
                        }
                        break;
                    case "observedAt":
                        observedAt = ReadTime(member.Value, field);
                        ok &= observedAt is not null;
                        break;
                    default:
                        Error(field, "is not supported on a relationship; it carries object and observedAt");
                        ok = false;
                        break;
                }
            }
            if (target is null)
            {
                if (!value.TryGetProperty("object", out _)) Error($"{name}.object", "is required");
                return null;
            }
            var relationship = new Relationship(target, observedAt);
            if (!ok || !Valid(() =>
                {
                    EntityValidator.ValidateName(stored);
                    EntityValidator.ValidateRelationship(stored, relationship);
                }, name, stored)) return null;
            return relationship;
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
