using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// A hashed uniform grid over longitude/latitude. Points sit in one cell with their coordinates beside them
/// (structure of arrays, so a near query scans doubles, not objects); other geometries sit in every cell their
/// bounds touch, or in a short "wide" list when that would be too many cells. Not thread-safe: the store
/// guards it with its index lock.
/// </summary>
internal sealed class SpatialGrid(double cellDegrees = 0.005)
{
    private const int MaxCellsPerShape = 256;
    private const int MaxCellsPerQuery = 65_536;

    private readonly Dictionary<long, Cell> _cells = new();
    private readonly List<EntityRecord> _wide = [];

    public void Add(EntityRecord record, Geometry location)
    {
        if (location is Point p)
        {
            CellAt(Key(Column(p.Coordinates.Longitude), Row(p.Coordinates.Latitude)), create: true)!.AddPoint(record, p.Coordinates);
            return;
        }
        if (!TryCells(location.Bounds, MaxCellsPerShape, out var c0, out var c1, out var r0, out var r1))
        {
            _wide.Add(record);
            return;
        }
        for (var c = c0; c <= c1; c++)
        for (var r = r0; r <= r1; r++) CellAt(Key(c, r), create: true)!.Shapes.Add(record);
    }

    public void Remove(EntityRecord record, Geometry location)
    {
        if (location is Point p)
        {
            CellAt(Key(Column(p.Coordinates.Longitude), Row(p.Coordinates.Latitude)), create: false)?.RemovePoint(record);
            return;
        }
        if (!TryCells(location.Bounds, MaxCellsPerShape, out var c0, out var c1, out var r0, out var r1))
        {
            _wide.Remove(record);
            return;
        }
        for (var c = c0; c <= c1; c++)
        for (var r = r0; r <= r1; r++) CellAt(Key(c, r), create: false)?.Shapes.Remove(record);
    }

    /// <summary>
    /// Calls <paramref name="candidate"/> once for every entity whose geometry may touch <paramref name="box"/>;
    /// points outside the box are filtered here, on the coordinate arrays.
    /// </summary>
    public void Search(BoundingBox box, Action<EntityRecord> candidate)
    {
        HashSet<EntityRecord>? seenShapes = null;
        void Shape(EntityRecord record)
        {
            seenShapes ??= new HashSet<EntityRecord>();
            if (seenShapes.Add(record)) candidate(record);
        }

        if (TryCells(box, MaxCellsPerQuery, out var c0, out var c1, out var r0, out var r1))
        {
            for (var c = c0; c <= c1; c++)
            for (var r = r0; r <= r1; r++)
            {
                if (_cells.TryGetValue(Key(c, r), out var cell)) cell.Scan(box, candidate, Shape);
            }
        }
        else
        {
            foreach (var cell in _cells.Values) cell.Scan(box, candidate, Shape);
        }
        foreach (var record in _wide) Shape(record);
    }

    private bool TryCells(BoundingBox box, int maxCells, out int c0, out int c1, out int r0, out int r1)
    {
        c0 = Column(box.MinLongitude);
        c1 = Column(box.MaxLongitude);
        r0 = Row(box.MinLatitude);
        r1 = Row(box.MaxLatitude);
        return (long)(c1 - c0 + 1) * (r1 - r0 + 1) <= maxCells;
    }

    private int Column(double longitude) => (int)Math.Floor(longitude / cellDegrees);
    private int Row(double latitude) => (int)Math.Floor(latitude / cellDegrees);
    private static long Key(int column, int row) => ((long)column << 32) | (uint)row;

    private Cell? CellAt(long key, bool create)
    {
        if (_cells.TryGetValue(key, out var cell) || !create) return cell;
        return _cells[key] = new Cell();
    }

    private sealed class Cell
    {
        private EntityRecord[] _points = new EntityRecord[4];
        private double[] _longitudes = new double[4];
        private double[] _latitudes = new double[4];
        private int _count;

        public List<EntityRecord> Shapes { get; } = [];

        public void AddPoint(EntityRecord record, Position p)
        {
            if (_count == _points.Length)
            {
                Array.Resize(ref _points, _count * 2);
                Array.Resize(ref _longitudes, _count * 2);
                Array.Resize(ref _latitudes, _count * 2);
            }
            _points[_count] = record;
            _longitudes[_count] = p.Longitude;
            _latitudes[_count] = p.Latitude;
            _count++;
        }

        public void RemovePoint(EntityRecord record)
        {
            for (var i = 0; i < _count; i++)
            {
                if (!ReferenceEquals(_points[i], record)) continue;
                _count--;
                _points[i] = _points[_count];
                _longitudes[i] = _longitudes[_count];
                _latitudes[i] = _latitudes[_count];
                _points[_count] = null!;
                return;
            }
        }

        public void Scan(BoundingBox box, Action<EntityRecord> point, Action<EntityRecord> shape)
        {
            for (var i = 0; i < _count; i++)
            {
                if (box.Contains(_longitudes[i], _latitudes[i])) point(_points[i]);
            }
            foreach (var record in Shapes) shape(record);
        }
    }
}
