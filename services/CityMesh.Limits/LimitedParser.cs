using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CityMesh.Limits;

/// <summary>
/// Passes a parser's events on, refusing the first that would take the document past <see cref="InputLimits.YamlDepth"/>
/// or <see cref="InputLimits.YamlNodes"/>. Aliases count as the node they name, expanded, wherever they are used: its
/// node count and its height, so a tree walk over the loaded document stays within both limits. An alias must name an
/// anchor that is complete: one inside its own anchored node would make the tree a cycle.
/// </summary>
internal sealed class LimitedParser(IParser inner, InputLimits limits) : IParser
{
    private static readonly string DepthKey = $"{InputLimits.Section}:{nameof(InputLimits.YamlDepth)}";
    private static readonly string NodesKey = $"{InputLimits.Section}:{nameof(InputLimits.YamlNodes)}";

    /// <summary>What an anchor stands for: expanded nodes and levels (0 for a scalar); null while its node is still open.</summary>
    private readonly Dictionary<AnchorName, (long Nodes, int Height)?> _anchors = [];

    /// <summary>Open mappings and sequences: the node count when each started, the deepest level under it, its anchor.</summary>
    private readonly List<(long NodesBefore, int Deepest, AnchorName Anchor)> _open = [];

    private long _nodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!Advance()) return false;
        switch (inner.Current)
        {
            case DocumentStart:
                _anchors.Clear(); // anchors are per document
                break;
            case Scalar scalar:
                Count(1, scalar.Start);
                if (!scalar.Anchor.IsEmpty) _anchors[scalar.Anchor] = (1, 0);
                break;
            case AnchorAlias alias:
                Expand(alias);
                break;
            case NodeEvent start when start is MappingStart or SequenceStart:
                if (_open.Count + 1 > limits.YamlDepth)
                    throw new YamlLimitException(start.Start, $"nesting deeper than {limits.YamlDepth} ({DepthKey})");
                Count(1, start.Start);
                if (!start.Anchor.IsEmpty) _anchors[start.Anchor] = null;
                _open.Add((_nodes - 1, _open.Count + 1, start.Anchor));
                break;
            case MappingEnd or SequenceEnd:
                var (before, deepest, anchor) = _open[^1];
                _open.RemoveAt(_open.Count - 1);
                if (!anchor.IsEmpty) _anchors[anchor] = (_nodes - before, deepest - _open.Count);
                Reach(deepest);
                break;
        }
        return true;
    }

    /// <summary>
    /// The next event; a failure of the scanner itself (not a YamlException, which it throws for bad YAML) is reported
    /// as bad YAML where the last event ended, so no third-party exception type reaches the caller.
    /// </summary>
    private bool Advance()
    {
        var last = inner.Current?.End ?? Mark.Empty;
        try
        {
            return inner.MoveNext();
        }
        catch (Exception e) when (e is not YamlException)
        {
            throw new YamlException(last, last, $"cannot be read after this point ({e.GetType().Name} in the YAML reader)", e);
        }
    }

    private void Expand(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value, out var named))
            throw new YamlLimitException(alias.Start, $"alias *{alias.Value} names no anchor before it");
        if (named is not var (nodes, height))
            throw new YamlLimitException(alias.Start, $"alias *{alias.Value} is inside the node it names; a document cannot contain itself");
        if (_open.Count + height > limits.YamlDepth)
            throw new YamlLimitException(alias.Start, $"alias *{alias.Value} nests deeper than {limits.YamlDepth} where it is used ({DepthKey})");
        Count(nodes, alias.Start);
        Reach(_open.Count + height);
    }

    private void Count(long nodes, Mark at)
    {
        _nodes += nodes;
        if (_nodes > limits.YamlNodes)
            throw new YamlLimitException(at, string.Create(CultureInfo.InvariantCulture,
                $"more than {limits.YamlNodes:N0} nodes with aliases expanded ({NodesKey})"));
    }

    /// <summary>Records that the open node reaches level <paramref name="level"/> (1 = the root mapping or sequence).</summary>
    private void Reach(int level)
    {
        if (_open.Count > 0 && _open[^1].Deepest < level) _open[^1] = _open[^1] with { Deepest = level };
    }
}
