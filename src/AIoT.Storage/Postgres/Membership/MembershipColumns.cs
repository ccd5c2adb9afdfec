using System.Globalization;
using Npgsql;

namespace AIoT.Storage.Postgres.Membership;

/// <summary>How a <see cref="MembershipEntry"/> maps to the columns of <c>aiot_membership_silo</c>.</summary>
internal static class MembershipColumns
{
    /// <summary>The silo columns in the order <see cref="Read"/> expects them.</summary>
    public const string SelectList =
        "s.silo_address, s.status, s.proxy_port, s.host_name, s.silo_name, s.role_name, s.update_zone, s.fault_zone, "
        + "s.start_time, s.i_am_alive_time, s.suspect_times, s.etag";

    /// <summary>The columns an update writes, all but the key and the etag.</summary>
    public const string UpdateList =
        "status = @status, proxy_port = @proxy_port, host_name = @host_name, silo_name = @silo_name, role_name = @role_name, "
        + "update_zone = @update_zone, fault_zone = @fault_zone, start_time = @start_time, i_am_alive_time = @i_am_alive_time, "
        + "suspect_times = @suspect_times";

    public static void AddParameters(NpgsqlCommand command, MembershipEntry entry)
    {
        command.Parameters.AddWithValue("silo_address", entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue("status", (int)entry.Status);
        command.Parameters.AddWithValue("proxy_port", entry.ProxyPort);
        command.Parameters.AddWithValue("host_name", entry.HostName ?? "");
        command.Parameters.AddWithValue("silo_name", entry.SiloName ?? "");
        command.Parameters.AddWithValue("role_name", entry.RoleName ?? "");
        command.Parameters.AddWithValue("update_zone", entry.UpdateZone);
        command.Parameters.AddWithValue("fault_zone", entry.FaultZone);
        command.Parameters.AddWithValue("start_time", Timestamps.ToUtc(entry.StartTime));
        command.Parameters.AddWithValue("i_am_alive_time", Timestamps.ToUtc(entry.IAmAliveTime));
        command.Parameters.AddWithValue("suspect_times", SuspectTimesColumn.Write(entry.SuspectTimes));
    }

    /// <summary>The entry and its row etag from the columns of <see cref="SelectList"/> starting at <paramref name="offset"/>.</summary>
    public static Tuple<MembershipEntry, string> Read(NpgsqlDataReader reader, int offset)
    {
        var siloAddress = reader.GetString(offset);
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(siloAddress),
            Status = (SiloStatus)reader.GetInt32(offset + 1),
            ProxyPort = reader.GetInt32(offset + 2),
            HostName = reader.GetString(offset + 3),
            SiloName = reader.GetString(offset + 4),
            RoleName = reader.GetString(offset + 5),
            UpdateZone = reader.GetInt32(offset + 6),
            FaultZone = reader.GetInt32(offset + 7),
            StartTime = reader.GetDateTime(offset + 8),
            IAmAliveTime = reader.GetDateTime(offset + 9),
            SuspectTimes = SuspectTimesColumn.Read(reader.GetString(offset + 10), siloAddress),
        };
        return Tuple.Create(entry, reader.GetInt32(offset + 11).ToString(CultureInfo.InvariantCulture));
    }
}
