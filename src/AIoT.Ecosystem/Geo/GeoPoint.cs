namespace AIoT.Ecosystem.Geo;

/// <summary>A WGS-84 position in degrees.</summary>
[GenerateSerializer, Immutable]
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    private const double EarthRadiusKm = 6371.0088;

    public static GeoPoint Create(double latitude, double longitude)
    {
        if (latitude is < -90 or > 90 || double.IsNaN(latitude))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be within [-90, 90] degrees.");
        }

        if (longitude is < -180 or > 180 || double.IsNaN(longitude))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be within [-180, 180] degrees.");
        }

        return new GeoPoint(latitude, longitude);
    }

    /// <summary>Great-circle distance (haversine).</summary>
    public double DistanceKmTo(GeoPoint other)
    {
        var dLat = ToRadians(other.Latitude - Latitude);
        var dLon = ToRadians(other.Longitude - Longitude);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(ToRadians(Latitude)) * Math.Cos(ToRadians(other.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>The point a fraction of the way to <paramref name="other"/>; linear, fine at city scale.</summary>
    public GeoPoint Towards(GeoPoint other, double fraction) =>
        new(Latitude + ((other.Latitude - Latitude) * fraction), Longitude + ((other.Longitude - Longitude) * fraction));

    /// <summary>A point about <paramref name="km"/> away on a compass bearing; for laying out test and demo places.</summary>
    public GeoPoint Offset(double km, double bearingDegrees)
    {
        var bearing = ToRadians(bearingDegrees);
        var dLat = km * Math.Cos(bearing) / 111.32;
        var dLon = km * Math.Sin(bearing) / (111.32 * Math.Cos(ToRadians(Latitude)));
        return new GeoPoint(Latitude + dLat, Longitude + dLon);
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;

    public override string ToString() => FormattableString.Invariant($"{Latitude:F5},{Longitude:F5}");
}
