namespace AIoT.Scenes.Files;

/// <summary>Did-you-mean for keys and words of a file (scenes, the host's config): a case slip or up to two typing slips away.</summary>
public static class FileWords
{
    public static string? Nearest(string given, IEnumerable<string> accepted)
    {
        var limit = given.Length <= 3 ? 1 : given.Length <= 6 ? 2 : 3;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var word in accepted)
        {
            if (string.Equals(word, given, StringComparison.OrdinalIgnoreCase))
            {
                return word;
            }

            var distance = Distance(given.ToLowerInvariant(), word.ToLowerInvariant());
            if (distance <= limit && distance < bestDistance)
            {
                best = word;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>" Did you mean 'above'?" or nothing.</summary>
    public static string DidYouMean(string given, IEnumerable<string> accepted) =>
        Nearest(given, accepted) is { } near ? $" Did you mean '{near}'?" : "";

    public static string List(IEnumerable<string> words) => string.Join(", ", words);

    /// <summary>Edits between two words, a swap of neighbours counting as one (optimal string alignment).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
