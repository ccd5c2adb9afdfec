using Npgsql;

namespace AIoT.Storage.Postgres;

/// <summary>
/// Reads <c>postgres://user:password@host:port/database?sslmode=require</c> (the form libpq, psql and most hosting
/// services give) into an Npgsql connection string; an Npgsql <c>Key=Value;...</c> string is taken as it is.
/// </summary>
public static class PostgresUrl
{
    public const string Example = "postgres://aiot:secret@db.example:5432/aiot";

    /// <summary>The connection string, or a message naming what is wrong (never echoing the password).</summary>
    public static bool TryParse(string text, out string connectionString, out string error)
    {
        connectionString = "";
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"it is empty; give the database as {Example}";
            return false;
        }

        return text.Contains("://", StringComparison.Ordinal)
            ? TryParseUrl(text.Trim(), out connectionString, out error)
            : TryParseKeywords(text, out connectionString, out error);
    }

    private static bool TryParseUrl(string text, out string connectionString, out string error)
    {
        connectionString = "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            error = $"it is not a URL; write it as {Example} (percent-encode a '@', ':' or '/' inside the password)";
            return false;
        }

        if (uri.Scheme is not ("postgres" or "postgresql"))
        {
            error = $"the scheme is '{uri.Scheme}://'; it must be postgres:// (or postgresql://), e.g. {Example}";
            return false;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (uri.Host.Length == 0 || database.Length == 0 || database.Contains('/'))
        {
            error = $"it needs a host and one database name after it, e.g. {Example}";
            return false;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                // libpq's names (sslmode, application_name, connect_timeout) and Npgsql's keywords both work.
                builder[key.Replace('_', ' ')] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                error = $"the parameter '{key}' is not one Npgsql knows or its value does not fit ({ex.Message}); try sslmode, application_name, connect_timeout, pooling, maximum pool size";
                return false;
            }
        }

        connectionString = builder.ConnectionString;
        error = "";
        return true;
    }

    private static bool TryParseKeywords(string text, out string connectionString, out string error)
    {
        connectionString = "";
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                error = $"it names no Host; write it as {Example} or Host=...;Database=...;Username=...;Password=...";
                return false;
            }

            connectionString = builder.ConnectionString;
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // The message quotes the key or the format, not the value, so no password reaches the console.
            error = $"it is neither a postgres:// URL nor an Npgsql connection string ({ex.Message}); write it as {Example}";
            return false;
        }
    }
}
