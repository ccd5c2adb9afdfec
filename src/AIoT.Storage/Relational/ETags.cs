using System.Globalization;

namespace AIoT.Storage.Relational;

/// <summary>The ETag is the row's version number written in decimal, so old rows keep their ETags.</summary>
internal static class ETags
{
    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
