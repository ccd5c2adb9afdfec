using System.Globalization;
using System.Text.Json;

namespace AIoT.Storage.Postgres.Membership;

/// <summary>
/// A silo's suspect votes as the text of the column <c>suspect_times</c>: a JSON array of
/// <c>{"silo": "&lt;parsable silo address&gt;", "time": "&lt;ISO 8601 UTC, to the tick&gt;"}</c>, oldest first.
/// </summary>
internal static class SuspectTimesColumn
{
    public static string Write(List<Tuple<SiloAddress, DateTime>>? votes)
    {
        var rows = (votes ?? []).Select(vote => new Vote(vote.Item1.ToParsableString(), Timestamps.ToUtc(vote.Item2).ToString("O", CultureInfo.InvariantCulture)));
        return JsonSerializer.Serialize(rows);
    }

    public static List<Tuple<SiloAddress, DateTime>> Read(string text, string siloAddress)
    {
        try
        {
            var rows = JsonSerializer.Deserialize<List<Vote>>(text) ?? [];
            return rows
                .Select(row => Tuple.Create(
                    SiloAddress.FromParsableString(row.Silo),
                    DateTime.Parse(row.Time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)))
                .ToList();
        }
        catch (Exception error) when (error is JsonException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new FormatException(
                $"The suspect_times of silo {siloAddress} in {PostgresMembershipSchema.SiloTable} is not a JSON array of {{\"silo\", \"time\"}} votes ({error.Message}); "
                + "it was changed outside Orleans. Set it to '[]' to clear the votes.", error);
        }
    }

    private sealed record Vote(
        [property: System.Text.Json.Serialization.JsonPropertyName("silo")] string Silo,
        [property: System.Text.Json.Serialization.JsonPropertyName("time")] string Time);
}
