namespace AIoT.Mqtt.Topics;

/// <summary>Topic filter rules (section 4.7): validation, matching, shared subscriptions.</summary>
public static class TopicFilter
{
    public const string SharePrefix = "$share/";

    /// <summary>Null when valid; otherwise why not.</summary>
    public static string? Validate(string filter)
    {
        if (filter.Length == 0)
        {
            return "a topic filter must not be empty";
        }

        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#') && (level != "#" || i != levels.Length - 1))
            {
                return $"'#' must be a whole level and the last one, in '{filter}'";
            }

            if (level.Contains('+') && level != "+")
            {
                return $"'+' must be a whole level, in '{filter}'";
            }
        }

        return null;
    }

    /// <summary>Splits "$share/group/filter"; false for a plain filter. A malformed share is reported in <paramref name="error"/>.</summary>
    public static bool TryParseShared(string filter, out string group, out string innerFilter, out string? error)
    {
        group = "";
        innerFilter = filter;
        error = null;
        if (!filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = filter[SharePrefix.Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            error = $"a shared subscription is $share/<group>/<filter>; got '{filter}'";
            return true;
        }

        group = rest[..slash];
        if (group.Contains('+') || group.Contains('#'))
        {
            error = $"the share group '{group}' must not contain wildcards";
            return true;
        }

        innerFilter = rest[(slash + 1)..];
        error = Validate(innerFilter);
        return true;
    }

    /// <summary>Whether <paramref name="topic"/> matches <paramref name="filter"/>, with the $-topic rule.</summary>
    public static bool Matches(string filter, string topic)
    {
        if (topic.StartsWith('$') && (filter.StartsWith('+') || filter.StartsWith('#')))
        {
            return false;
        }

        var f = filter.AsSpan();
        var t = topic.AsSpan();
        while (true)
        {
            var fEnd = f.IndexOf('/');
            var fLevel = fEnd < 0 ? f : f[..fEnd];
            if (fLevel is "#")
            {
                return true;
            }

            var tEnd = t.IndexOf('/');
            var tLevel = tEnd < 0 ? t : t[..tEnd];
            if (fLevel is not "+" && !fLevel.SequenceEqual(tLevel))
            {
                return false;
            }

            if (fEnd < 0 || tEnd < 0)
            {
                // "a/#" also matches "a": the filter may end in "/#" exactly when the topic has no more levels.
                return fEnd < 0 && tEnd < 0 || (tEnd < 0 && f[(fEnd + 1)..] is "#");
            }

            f = f[(fEnd + 1)..];
            t = t[(tEnd + 1)..];
        }
    }
}
