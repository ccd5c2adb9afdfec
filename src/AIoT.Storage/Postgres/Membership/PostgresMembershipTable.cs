using System.Globalization;
using AIoT.Storage.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace AIoT.Storage.Postgres.Membership;

/// <summary>
/// Orleans cluster membership in PostgreSQL; see <see cref="PostgresMembershipSchema"/> for the tables. The table
/// version of a cluster id is the integer in its <c>aiot_membership_version</c> row, and its etag is that integer as
/// text; a silo row's etag is its <c>etag</c> integer, raised by one on every update. A write (insert or update of a
/// silo row) first moves the version row from the version before the caller's to the caller's, which locks it: writes
/// of one cluster id run one at a time, and of two writers holding the same version only the first changes anything.
/// </summary>
public sealed partial class PostgresMembershipTable : IMembershipTable, IAsyncDisposable
{
    private const int DeadStatus = (int)SiloStatus.Dead;

    private readonly string _clusterId;
    private readonly PostgresConnectionFactory _connections;
    private readonly ILogger<PostgresMembershipTable> _logger;

    public PostgresMembershipTable(IOptions<PostgresClusteringOptions> options, IOptions<ClusterOptions> clusterOptions, ILogger<PostgresMembershipTable> logger)
    {
        _clusterId = clusterOptions.Value.ClusterId;
        _connections = new PostgresConnectionFactory(options.Value.ConnectionString ?? "");
        _logger = logger;
    }

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var outcome = await PostgresMembershipSchema.EnsureAsync(connection, cancellationToken);
        var created = false;
        if (tryInitTableVersion)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO aiot_membership_version (cluster_id, version, updated_at) VALUES (@cluster_id, 0, now()) ON CONFLICT (cluster_id) DO NOTHING",
                connection);
            command.Parameters.AddWithValue("cluster_id", _clusterId);
            created = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }

        LogInitialized(_clusterId, _connections.DataSourceDescription, outcome, created);
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            DELETE FROM aiot_membership_silo WHERE cluster_id = @cluster_id;
            DELETE FROM aiot_membership_version WHERE cluster_id = @cluster_id;
            """, connection);
        command.Parameters.AddWithValue("cluster_id", clusterId);
        // One command of several statements runs in one implicit transaction.
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    /// <summary>
    /// Deletes the rows of dead silos last updated before <paramref name="beforeDate"/>: their start, last heartbeat and
    /// the last vote against them (declaring a silo dead records one) all precede it. A row changed since it was read
    /// (its etag moved) is kept.
    /// </summary>
    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        var table = await ReadAllAsync(cancellationToken);
        var defunct = table.Members
            .Where(row => row.Item1.Status == SiloStatus.Dead && LastUpdate(row.Item1) < beforeDate.UtcDateTime)
            .ToList();
        if (defunct.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            DELETE FROM aiot_membership_silo s USING unnest(@addresses, @etags) AS d(silo_address, etag)
            WHERE s.cluster_id = @cluster_id AND s.silo_address = d.silo_address AND s.etag = d.etag AND s.status = @dead
            """, connection);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("addresses", defunct.Select(row => row.Item1.SiloAddress.ToParsableString()).ToArray());
        command.Parameters.AddWithValue("etags", defunct.Select(row => int.Parse(row.Item2, CultureInfo.InvariantCulture)).ToArray());
        command.Parameters.AddWithValue("dead", DeadStatus);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        LogCleanedUp(deleted, _clusterId, beforeDate);
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) =>
        ReadAsync(key.ToParsableString(), cancellationToken);

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await MoveVersionAsync(connection, transaction, tableVersion, cancellationToken))
        {
            LogConflict("insert", entry.SiloAddress, tableVersion, "the table version moved");
            return false;
        }

        await using var insert = new NpgsqlCommand("""
            INSERT INTO aiot_membership_silo (cluster_id, silo_address, status, proxy_port, host_name, silo_name, role_name,
                update_zone, fault_zone, start_time, i_am_alive_time, suspect_times, etag)
            VALUES (@cluster_id, @silo_address, @status, @proxy_port, @host_name, @silo_name, @role_name,
                @update_zone, @fault_zone, @start_time, @i_am_alive_time, @suspect_times, 0)
            ON CONFLICT (cluster_id, silo_address) DO NOTHING
            """, connection, transaction);
        insert.Parameters.AddWithValue("cluster_id", _clusterId);
        MembershipColumns.AddParameters(insert, entry);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            LogConflict("insert", entry.SiloAddress, tableVersion, "the silo has a row already");
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var rowEtag))
        {
            LogConflict("update", entry.SiloAddress, tableVersion, $"the row etag '{etag}' is not one this table gave");
            return false;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await MoveVersionAsync(connection, transaction, tableVersion, cancellationToken))
        {
            LogConflict("update", entry.SiloAddress, tableVersion, "the table version moved");
            return false;
        }

        await using var update = new NpgsqlCommand($"""
            UPDATE aiot_membership_silo SET {MembershipColumns.UpdateList}, etag = etag + 1
            WHERE cluster_id = @cluster_id AND silo_address = @silo_address AND etag = @etag
            """, connection, transaction);
        update.Parameters.AddWithValue("cluster_id", _clusterId);
        update.Parameters.AddWithValue("etag", rowEtag);
        MembershipColumns.AddParameters(update, entry);
        if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            LogConflict("update", entry.SiloAddress, tableVersion, $"the row is missing or its etag is not {etag}");
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    /// <summary>Writes only the heartbeat: the row etag and the table version stay, so reads made before it stay usable.</summary>
    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "UPDATE aiot_membership_silo SET i_am_alive_time = @i_am_alive_time WHERE cluster_id = @cluster_id AND silo_address = @silo_address",
            connection);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("silo_address", entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue("i_am_alive_time", Timestamps.ToUtc(entry.IAmAliveTime));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            LogHeartbeatWithoutRow(entry.SiloAddress, _clusterId);
        }
    }

    public ValueTask DisposeAsync() => _connections.DisposeAsync();

    /// <summary>
    /// Moves the version row to <paramref name="tableVersion"/> if it holds the version before it and the caller's etag
    /// names that version. Under READ COMMITTED a second writer waits for the first to commit, then finds the version
    /// moved and changes nothing.
    /// </summary>
    private async Task<bool> MoveVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        var previous = tableVersion.Version - 1;
        if (tableVersion.VersionEtag != previous.ToString(CultureInfo.InvariantCulture))
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await using var command = new NpgsqlCommand(
            "UPDATE aiot_membership_version SET version = @version, updated_at = now() WHERE cluster_id = @cluster_id AND version = @previous",
            connection, transaction);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("version", tableVersion.Version);
        command.Parameters.AddWithValue("previous", previous);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        return true;
    }

    /// <summary>The version and the rows (all, or that of <paramref name="siloAddress"/>) in one statement, so from one snapshot.</summary>
    private async Task<MembershipTableData> ReadAsync(string? siloAddress, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var siloFilter = siloAddress is null ? "" : " AND s.silo_address = @silo_address";
        await using var command = new NpgsqlCommand($"""
            SELECT v.version, {MembershipColumns.SelectList}
            FROM aiot_membership_version v
            LEFT JOIN aiot_membership_silo s ON s.cluster_id = v.cluster_id{siloFilter}
            WHERE v.cluster_id = @cluster_id
            ORDER BY s.silo_address
            """, connection);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        if (siloAddress is not null)
        {
            command.Parameters.AddWithValue("silo_address", siloAddress);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var version = 0;
        var rows = new List<Tuple<MembershipEntry, string>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            version = reader.GetInt32(0);
            if (!reader.IsDBNull(1))
            {
                rows.Add(MembershipColumns.Read(reader, 1));
            }
        }

        // Without a version row (the table was never initialized for this cluster id) the table is empty at version 0.
        return new MembershipTableData(rows, new TableVersion(version, version.ToString(CultureInfo.InvariantCulture)));
    }

    private static DateTime LastUpdate(MembershipEntry entry)
    {
        var last = Timestamps.ToUtc(entry.StartTime > entry.IAmAliveTime ? entry.StartTime : entry.IAmAliveTime);
        foreach (var vote in entry.SuspectTimes ?? [])
        {
            var time = Timestamps.ToUtc(vote.Item2);
            if (time > last)
            {
                last = time;
            }
        }

        return last;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        (NpgsqlConnection)await _connections.OpenAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster membership of cluster '{ClusterId}' in {DataSource}: tables {Outcome}, version row created: {VersionCreated}")]
    private partial void LogInitialized(string clusterId, string dataSource, AIoT.Storage.Relational.SchemaOutcome outcome, bool versionCreated);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership {Operation} of silo {Silo} at table version {TableVersion} refused: {Reason}")]
    private partial void LogConflict(string operation, SiloAddress silo, TableVersion tableVersion, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of silo {Silo} found no row in cluster '{ClusterId}'")]
    private partial void LogHeartbeatWithoutRow(SiloAddress silo, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} defunct silo rows of cluster '{ClusterId}' last updated before {BeforeDate}")]
    private partial void LogCleanedUp(int count, string clusterId, DateTimeOffset beforeDate);
}
