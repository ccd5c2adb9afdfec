namespace AIoT.Gateway.Contract;

/// <summary>
/// aiot/{id}/error within a byte budget: {"topic": "aiot/{id}/report", "more": n, "errors": [{"key": "2.2", "code": -4005, "message": "..."}]}.
/// Keys and codes come first: as many refusals as fit are listed, in the order they were refused, and "more" counts
/// the rest. Then the listed refusals get their messages, in order, while they fit: the first that does not fit whole
/// is cut (ending in "…") and those after it carry none. The first refusal's code is always listed.
/// </summary>
internal static class CompactError
{
    /// <summary>A key longer than this (one the device made up; known properties are refused by "siid.piid") is cut, ending in "…".</summary>
    public const int MaxKeyChars = 24;

    /// <summary>A message is cut no shorter than this; with less room it is left out.</summary>
    public const int MinMessageChars = 12;

    private const string Ellipsis = "…";

    public static byte[] Write(string topic, IReadOnlyList<RefusedItem> refused, int maxBytes)
    {
        var listed = new List<Listed>(Math.Min(refused.Count, 16));
        foreach (var item in refused)
        {
            listed.Add(new Listed(Cut(item.Key, MaxKeyChars), item.Code, null));
            if (Render(topic, listed, refused.Count).Length > maxBytes)
            {
                listed.RemoveAt(listed.Count - 1);
                break;
            }
        }

        if (listed.Count == 0 && refused.Count > 0)
        {
            // Not even the first key fits: its code alone still tells the device what went wrong.
            listed.Add(new Listed(null, refused[0].Code, null));
        }

        for (var i = 0; i < listed.Count; i++)
        {
            if (!TryAddMessage(topic, listed, i, refused[i].Message, refused.Count, maxBytes))
            {
                break;
            }
        }

        return Render(topic, listed, refused.Count);
    }

    /// <summary>Cuts text to at most <paramref name="maxChars"/> characters, the last being "…", never splitting a surrogate pair.</summary>
    public static string? Cut(string? text, int maxChars)
    {
        if (text is null || text.Length <= maxChars)
        {
            return text;
        }

        var keep = Math.Max(maxChars - Ellipsis.Length, 0);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), Ellipsis);
    }

    /// <summary>Gives the listed refusal its message, whole or cut to the room left; false when it had to be cut or left out.</summary>
    private static bool TryAddMessage(string topic, List<Listed> listed, int index, string message, int total, int maxBytes)
    {
        listed[index] = listed[index] with { Message = message };
        if (Render(topic, listed, total).Length <= maxBytes)
        {
            return true;
        }

        // The longest cut that fits, found by halving: a character takes one to four bytes, escapes more.
        var (fits, tooLong) = (MinMessageChars - 1, message.Length);
        while (tooLong - fits > 1)
        {
            var chars = (fits + tooLong) / 2;
            listed[index] = listed[index] with { Message = Cut(message, chars) };
            if (Render(topic, listed, total).Length <= maxBytes)
            {
                fits = chars;
            }
            else
            {
                tooLong = chars;
            }
        }

        if (fits >= MinMessageChars)
        {
            listed[index] = listed[index] with { Message = Cut(message, fits) };
            return false;
        }

        listed[index] = listed[index] with { Message = null };
        return false;
    }

    private static byte[] Render(string topic, List<Listed> listed, int total) => ContractJson.Write(writer =>
    {
        writer.WriteString("topic", topic);
        if (total > listed.Count)
        {
            writer.WriteNumber("more", total - listed.Count);
        }

        writer.WriteStartArray("errors");
        foreach (var item in listed)
        {
            writer.WriteStartObject();
            if (item.Key is not null)
            {
                writer.WriteString("key", item.Key);
            }

            writer.WriteNumber("code", item.Code);
            if (item.Message is not null)
            {
                writer.WriteString("message", item.Message);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private readonly record struct Listed(string? Key, int Code, string? Message);
}
