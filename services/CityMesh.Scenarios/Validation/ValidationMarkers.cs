namespace CityMesh.Scenarios.Validation;

// Markers on the model's properties, read by ScenarioValidator and by CrdGenerator, so the API server's schema and
// the validator's messages come from one declaration (kubebuilder's +kubebuilder:validation markers, as attributes).
// On a list of scalars a value marker (OneOf, Minimum, Maximum, Pattern) constrains each item.

/// <summary>The field must be present (and, for strings, non-empty).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;

/// <summary>The value must be one of <see cref="Values"/>: given inline, or as a static string list of a type.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute : Attribute
{
    public OneOfAttribute(params string[] values) => Values = values;

    public OneOfAttribute(Type owner, string member) =>
        Values = (IReadOnlyList<string>)(owner.GetField(member)?.GetValue(null) ?? owner.GetProperty(member)?.GetValue(null)
            ?? throw new ArgumentException($"{owner.Name}.{member} is not a static string list", nameof(member)));

    public IReadOnlyList<string> Values { get; }
}

/// <summary>Lower bound of a number; <see cref="Exclusive"/> excludes the bound itself.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(double value) : Attribute
{
    public double Value { get; } = value;
    public bool Exclusive { get; init; }
}

/// <summary>Upper bound (inclusive) of a number.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaximumAttribute(double value) : Attribute
{
    public double Value { get; } = value;
}

/// <summary>A string pattern; <see cref="Meaning"/> says what it is in messages ("a DNS label").</summary>
[AttributeUsage(AttributeTargets.Property)]
public class PatternAttribute(string regex, string meaning, int maxLength = 0) : Attribute
{
    public string Regex { get; } = regex;
    public string Meaning { get; } = meaning;

    /// <summary>0: no limit.</summary>
    public int MaxLength { get; } = maxLength;
}

/// <summary>A length limit on a free-text string.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxLengthAttribute(int length) : Attribute
{
    public int Length { get; } = length;
}

/// <summary>An RFC 1123 label: what Kubernetes requires of most names and of label values we derive from it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DnsLabelAttribute() : PatternAttribute(KubeNames.DnsLabelPattern, "a DNS label (lower-case letters, digits and '-', starting and ending with a letter or digit)", KubeNames.DnsLabelMaxLength);

/// <summary>An RFC 1123 subdomain: the name rule of ConfigMaps, PersistentVolumeClaims and most objects.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DnsSubdomainAttribute() : PatternAttribute(KubeNames.DnsSubdomainPattern, "a DNS subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)", KubeNames.DnsSubdomainMaxLength);

/// <summary>A ConfigMap data key.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigMapKeyAttribute() : PatternAttribute(KubeNames.ConfigMapKeyPattern, "a ConfigMap key (letters, digits, '-', '_' and '.'; not '.' or '..', nor starting with '..')", KubeNames.DnsSubdomainMaxLength);

/// <summary>A Go-style duration (<see cref="Loading.ScenarioDuration"/>), at most <see cref="Max"/>, more than zero.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DurationAttribute(string max) : Attribute
{
    public string Max { get; } = max;
}

/// <summary>A non-empty relative path that cannot climb out of its root with "..".</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RelativePathAttribute : Attribute;

/// <summary>
/// A file to read. The validator refuses what no machine may read (control characters, /proc, /sys, /dev); the folders
/// it may be read from depend on where it runs, so <see cref="Running.InputFileGuard"/> checks them when the file is read.
/// Not in the CRD: the API server cannot normalise a path ("/./proc" is "/proc").
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputPathAttribute : Attribute;

/// <summary>A list of objects keyed by <see cref="Key"/>: keys are unique (x-kubernetes-list-type: map).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapKeyAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}

/// <summary>A list of distinct scalars (x-kubernetes-list-type: set).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListSetAttribute : Attribute;

/// <summary>Exactly one of the named (JSON) fields of the object is set.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ExactlyOneOfAttribute(params string[] fields) : Attribute
{
    public IReadOnlyList<string> Fields { get; } = fields;
}

/// <summary>At most one of the named (JSON) fields of the object is set: alternatives where neither is also fine.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AtMostOneOfAttribute(params string[] fields) : Attribute
{
    public IReadOnlyList<string> Fields { get; } = fields;
}

/// <summary>The named (JSON) fields of the object are all set or all absent; an object may carry several such groups.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class SetTogetherAttribute(params string[] fields) : Attribute
{
    public IReadOnlyList<string> Fields { get; } = fields;
}

/// <summary>At least one of the named (JSON) fields of the object is set (a non-empty list counts as set).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AtLeastOneOfAttribute(params string[] fields) : Attribute
{
    public IReadOnlyList<string> Fields { get; } = fields;
}

/// <summary>A number that, where given, must be greater than the sibling <see cref="Field"/> (an end after its start).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AfterAttribute(string field) : Attribute
{
    /// <summary>The sibling's JSON name.</summary>
    public string Field { get; } = field;
}

/// <summary>At most <see cref="Count"/> items in a list.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxItemsAttribute(int count) : Attribute
{
    public int Count { get; } = count;
}

/// <summary>
/// A field that belongs to some simulations only (<see cref="Kinds"/>, the spec's <c>simulation</c> values): set for
/// another it is an error; with <see cref="Required"/> it must be set for these. On a spec field, or on a field of an
/// object the spec holds or of a list's items (outputs.kpis, interventions[].signals): the CRD's rule for it sits on the
/// spec, the one object that sees the simulation. A field with a default counts as set when it differs from it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ForSimulationAttribute(params string[] kinds) : Attribute
{
    public IReadOnlyList<string> Kinds { get; } = kinds;
    public bool Required { get; init; }
}

/// <summary>
/// A rule the markers cannot say, written as the API server's CEL over the object it sits on; the validator checks
/// the same in code (a kind's own validator), and a test ties each rule to a refusal of the validator.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;
    public string Message { get; } = message;
}
