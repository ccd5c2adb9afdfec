namespace AIoT.Ecosystem.Geo;

/// <summary>A path through waypoints; positions along it by distance travelled.</summary>
public sealed class Route
{
    private readonly GeoPoint[] _points;
    private readonly double[] _cumulativeKm;

    public Route(IReadOnlyList<GeoPoint> points)
    {
        if (points.Count < 2)
        {
            throw new ArgumentException("A route needs at least two points.", nameof(points));
        }

        _points = [.. points];
        _cumulativeKm = new double[_points.Length];
        for (var i = 1; i < _points.Length; i++)
        {
            _cumulativeKm[i] = _cumulativeKm[i - 1] + _points[i - 1].DistanceKmTo(_points[i]);
        }
    }

    public double LengthKm => _cumulativeKm[^1];

    public GeoPoint Start => _points[0];

    public GeoPoint End => _points[^1];

    public GeoPoint PointAt(double km)
    {
        if (km <= 0)
        {
            return _points[0];
        }

        if (km >= LengthKm)
        {
            return _points[^1];
        }

        var index = Array.BinarySearch(_cumulativeKm, km);
        if (index >= 0)
        {
            return _points[index];
        }

        var next = ~index;
        var segment = _cumulativeKm[next] - _cumulativeKm[next - 1];
        return _points[next - 1].Towards(_points[next], segment == 0 ? 0 : (km - _cumulativeKm[next - 1]) / segment);
    }

    public Route Reversed() => new(_points.Reverse().ToArray());
}
