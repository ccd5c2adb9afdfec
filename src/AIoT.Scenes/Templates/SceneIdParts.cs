using System.Text;
using AIoT.Scenes.Model;

namespace AIoT.Scenes.Templates;

/// <summary>Builds a template's scene ids from the template id and the ids or rooms it was fitted to: valid, and the same for the same home.</summary>
internal static class SceneIdParts
{
    public static string Make(string templateId, params string[] parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts.Prepend(templateId))
        {
            var slug = Slug(part);
            if (slug.Length > 0)
            {
                builder.Append(builder.Length > 0 ? "-" : string.Empty).Append(slug);
            }
        }

        var id = builder.ToString();
        if (id.Length <= SceneIds.MaxLength)
        {
            return id;
        }

        // Too long to keep whole: keep the start and tell ids apart by a hash of the whole, stable across processes.
        var hash = Fnv1a(id).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        return $"{id[..(SceneIds.MaxLength - hash.Length - 1)].TrimEnd('-')}-{hash}";
    }

    /// <summary>A member's, device's or vehicle's id without the household's id in front, as the domain's ids carry it ("hh-0000012-p1" is "p1").</summary>
    public static string Short(HouseholdProfile home, string id) =>
        id.Length > home.HouseholdId.Length + 1 && id.StartsWith(home.HouseholdId + "-", StringComparison.Ordinal)
            ? id[(home.HouseholdId.Length + 1)..]
            : id;

    private static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-', '.', '_');
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }
}
