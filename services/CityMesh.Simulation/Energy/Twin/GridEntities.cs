using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Twin;

namespace CityMesh.Simulation.Energy.Twin;

/// <summary>
/// A grid as the twin's entities and back: substations (<c>Substation</c>, whose <c>capacity</c> is their transformers'
/// rating), <c>BusbarSection</c>, <c>ACLineSegment</c>, <c>PowerTransformer</c>, <c>Switch</c> and <c>Feeder</c>,
/// topology by <c>startsAt</c>/<c>endsAt</c> relationships, impedances in ohm (transformers in per unit of their
/// rating, as nameplates give them). Reading refuses an element that does not fit, naming it and its attribute.
/// </summary>
public static class GridEntities
{
    /// <summary>The types a grid is made of, substations first.</summary>
    public static readonly IReadOnlyList<string> Types =
        [EntityTypes.Substation, EntityTypes.BusbarSection, EntityTypes.ACLineSegment, EntityTypes.PowerTransformer, EntityTypes.Switch, EntityTypes.Feeder];

    public static IEnumerable<TwinElement> Describe(CityGrid grid)
    {
        foreach (var s in grid.Substations)
            yield return new TwinElement(EntityTypes.Substation, s.Id, s.Location is { } at ? new Point(at) : null,
                Props(("name", ElementProperty.Of(s.Name)), ("capacity", ElementProperty.Of(s.RatedKva, UnitCodes.Kilowatt))), Links());
        foreach (var b in grid.Buses)
        {
            var p = Props(("name", ElementProperty.Of(b.Name ?? b.Id)), ("nominalVoltage", ElementProperty.Of(b.NominalKv, UnitCodes.Kilovolt)),
                ("peakDemand", ElementProperty.Of(Math.Round(b.PeakKw, 1), UnitCodes.Kilowatt)), ("critical", Bool(b.Critical)));
            if (b.Source)
            {
                p["source"] = Bool(true);
                p["voltageSetpoint"] = ElementProperty.Of(b.SetpointPu, UnitCodes.PerUnit);
            }
            var links = Links(("refSubstation", EntityTypes.Substation, b.Substation));
            if (b.Feeder is not null) links["refFeeder"] = (EntityTypes.Feeder, b.Feeder);
            yield return new TwinElement(EntityTypes.BusbarSection, b.Id, b.Location is { } where ? new Point(where) : null, p, links);
        }
        foreach (var l in grid.Lines)
        {
            var links = Links(("startsAt", EntityTypes.BusbarSection, l.From), ("endsAt", EntityTypes.BusbarSection, l.To));
            if (l.Feeder is not null) links["refFeeder"] = (EntityTypes.Feeder, l.Feeder);
            yield return new TwinElement(EntityTypes.ACLineSegment, l.Id, null,
                Props(("length", ElementProperty.Of(Math.Round(l.LengthMetres, 1), UnitCodes.Metre)), ("resistance", ElementProperty.Of(l.ResistanceOhm, UnitCodes.Ohm)),
                    ("reactance", ElementProperty.Of(l.ReactanceOhm, UnitCodes.Ohm)), ("ratedPower", ElementProperty.Of(l.RatedKva, UnitCodes.KilovoltAmpere)),
                    ("inService", Bool(l.InService))), links);
        }
        foreach (var t in grid.Transformers)
            yield return new TwinElement(EntityTypes.PowerTransformer, t.Id, null,
                Props(("ratedPower", ElementProperty.Of(t.RatedKva, UnitCodes.KilovoltAmpere)), ("resistance", ElementProperty.Of(t.ResistancePu, UnitCodes.PerUnit)),
                    ("reactance", ElementProperty.Of(t.ReactancePu, UnitCodes.PerUnit)), ("inService", Bool(t.InService))),
                Links(("startsAt", EntityTypes.BusbarSection, t.From), ("endsAt", EntityTypes.BusbarSection, t.To), ("refSubstation", EntityTypes.Substation, t.Substation)));
        foreach (var s in grid.Switches)
            yield return new TwinElement(EntityTypes.Switch, s.Id, null,
                Props(("resistance", ElementProperty.Of(s.ResistanceOhm, UnitCodes.Ohm)), ("reactance", ElementProperty.Of(s.ReactanceOhm, UnitCodes.Ohm)),
                    ("ratedPower", ElementProperty.Of(s.RatedKva, UnitCodes.KilovoltAmpere)), ("normalOpen", Bool(s.NormalOpen)), ("open", Bool(s.Open))),
                Links(("startsAt", EntityTypes.BusbarSection, s.From), ("endsAt", EntityTypes.BusbarSection, s.To)));
        foreach (var f in grid.Feeders)
            yield return new TwinElement(EntityTypes.Feeder, f.Id, null,
                Props(("name", ElementProperty.Of(f.Name)), ("ratedPower", ElementProperty.Of(f.RatedKva, UnitCodes.KilovoltAmpere))),
                Links(("refSubstation", EntityTypes.Substation, f.Substation), ("startsAt", EntityTypes.BusbarSection, f.HeadBus),
                    ("refACLineSegment", EntityTypes.ACLineSegment, f.HeadLine)));
    }

    /// <summary>The grid the elements describe; other types are ignored.</summary>
    /// <exception cref="GridFormatException">An element lacks what the power flow needs or names what the grid lacks.</exception>
    public static CityGrid Read(IEnumerable<TwinElement> elements)
    {
        var byType = elements.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.OrderBy(e => e.LocalId, StringComparer.Ordinal).ToList());
        List<TwinElement> Of(string type) => byType.GetValueOrDefault(type) ?? [];
        var substations = Of(EntityTypes.Substation)
            .Select(e => new GridSubstation(e.LocalId, Text(e, "name") ?? e.LocalId, Number(e, "capacity", 0), e.Location?.Anchor)).ToList();
        var known = substations.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var buses = Of(EntityTypes.BusbarSection).Select(e => new GridBus(e.LocalId, Target(e, "refSubstation", EntityTypes.Substation, known),
            Positive(e, "nominalVoltage"), e.Location?.Anchor, Optional(e, "refFeeder"), Flag(e, "source"), Number(e, "voltageSetpoint", 1.0),
            Number(e, "peakDemand", 0), Flag(e, "critical"), Text(e, "name"))).ToList();
        var busIds = buses.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        string Bus(TwinElement e, string attribute) => Target(e, attribute, EntityTypes.BusbarSection, busIds);
        var lines = Of(EntityTypes.ACLineSegment).Select(e => new GridLine(e.LocalId, Bus(e, "startsAt"), Bus(e, "endsAt"), NonNegative(e, "resistance"),
            NonNegative(e, "reactance"), Number(e, "ratedPower", 0), Number(e, "length", 0), Optional(e, "refFeeder"), !Has(e, "inService") || Flag(e, "inService"))).ToList();
        var transformers = Of(EntityTypes.PowerTransformer).Select(e => new GridTransformer(e.LocalId, Target(e, "refSubstation", EntityTypes.Substation, known),
            Bus(e, "startsAt"), Bus(e, "endsAt"), Positive(e, "ratedPower"), NonNegative(e, "resistance"), NonNegative(e, "reactance"),
            !Has(e, "inService") || Flag(e, "inService"))).ToList();
        var switches = Of(EntityTypes.Switch).Select(e => new GridSwitch(e.LocalId, Bus(e, "startsAt"), Bus(e, "endsAt"), Number(e, "resistance", 0),
            Number(e, "reactance", 0), Number(e, "ratedPower", 0), Flag(e, "normalOpen"), Flag(e, "open"))).ToList();
        var lineIds = lines.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var feeders = Of(EntityTypes.Feeder).Select(e => new GridFeeder(e.LocalId, Target(e, "refSubstation", EntityTypes.Substation, known),
            Text(e, "name") ?? e.LocalId, Bus(e, "startsAt"), Target(e, "refACLineSegment", EntityTypes.ACLineSegment, lineIds), Number(e, "ratedPower", 0))).ToList();
        return new CityGrid(substations, buses, lines, transformers, switches, feeders);
    }

    private static Dictionary<string, ElementProperty> Props(params (string Name, ElementProperty Value)[] properties) =>
        properties.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static Dictionary<string, (string Type, string LocalId)> Links(params (string Name, string Type, string LocalId)[] links) =>
        links.ToDictionary(l => l.Name, l => (l.Type, l.LocalId), StringComparer.Ordinal);

    private static ElementProperty Bool(bool value) => new(JsonSerializer.SerializeToElement(value));

    private static bool Has(TwinElement e, string attribute) => e.Properties.ContainsKey(attribute);

    private static string? Text(TwinElement e, string attribute) =>
        e.Properties.TryGetValue(attribute, out var p) && p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;

    private static bool Flag(TwinElement e, string attribute)
    {
        if (!e.Properties.TryGetValue(attribute, out var p)) return false;
        return p.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new GridFormatException(e.Type, e.LocalId, attribute, $"is {p.Value.GetRawText()}, not true or false"),
        };
    }

    private static double Number(TwinElement e, string attribute, double fallback)
    {
        if (!e.Properties.TryGetValue(attribute, out var p)) return fallback;
        if (p.Value.ValueKind != JsonValueKind.Number || !double.IsFinite(p.Value.GetDouble()))
            throw new GridFormatException(e.Type, e.LocalId, attribute, $"is {p.Value.GetRawText()}, not a number");
        return p.Value.GetDouble();
    }

    private static double NonNegative(TwinElement e, string attribute)
    {
        if (!e.Properties.ContainsKey(attribute)) throw new GridFormatException(e.Type, e.LocalId, attribute, "is missing");
        var v = Number(e, attribute, 0);
        return v >= 0 ? v : throw new GridFormatException(e.Type, e.LocalId, attribute, $"is {v}; it cannot be negative");
    }

    private static double Positive(TwinElement e, string attribute)
    {
        var v = NonNegative(e, attribute);
        return v > 0 ? v : throw new GridFormatException(e.Type, e.LocalId, attribute, "is 0; it must be positive");
    }

    private static string? Optional(TwinElement e, string relationship) =>
        e.Relationships.TryGetValue(relationship, out var target) ? target.LocalId : null;

    private static string Target(TwinElement e, string relationship, string type, IReadOnlySet<string> known)
    {
        if (!e.Relationships.TryGetValue(relationship, out var target)) throw new GridFormatException(e.Type, e.LocalId, relationship, "is missing");
        if (target.Type != type) throw new GridFormatException(e.Type, e.LocalId, relationship, $"points to a {target.Type}, not a {type}");
        if (!known.Contains(target.LocalId)) throw new GridFormatException(e.Type, e.LocalId, relationship, $"names {type} '{target.LocalId}', which the grid does not have");
        return target.LocalId;
    }
}

/// <summary>A grid element in the twin that the power flow cannot use, named with the attribute at fault.</summary>
public sealed class GridFormatException(string type, string localId, string attribute, string problem)
    : Exception($"{type} '{localId}': {attribute} {problem}")
{
    public string Type { get; } = type;
    public string LocalId { get; } = localId;
    public string Attribute { get; } = attribute;
}
