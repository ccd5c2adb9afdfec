using AIoT.Gateway.Provisioning;
using Npgsql;
using static AIoT.Host.Registry.Postgres.PostgresRegistryCommands;

namespace AIoT.Host.Registry.Postgres;

/// <summary>
/// The device directory in a PostgreSQL database that several silos share (the one holding their membership and grain
/// state): one row per registered device, its id the primary key in byte order (<c>COLLATE "C"</c>, so pages follow
/// ordinal id order), and the count spread over a few counter rows written in the same statement as the devices.
/// Each silo opens it with its own node name: the devices it notes as connected are noted under that name, so one
/// silo's start-up sweep reads its own devices, never those connected to another silo that is running.
/// Every call is one statement on a pooled connection of the data source; the data source stays the caller's.
/// </summary>
public sealed class PostgresDeviceDirectory : IDeviceDirectory, IAsyncDisposable
{
    /// <summary>The advisory lock key the table creation holds; the bytes spell "AIoTdvdr".</summary>
    public const long SchemaLockKey = 0x41496F5464766472;

    private const string Columns = "device_id, model, household_id, room, name, registered_at, secret_hash";

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS aiot_device_directory (
            device_id     text COLLATE "C" NOT NULL PRIMARY KEY,
            model         text    NOT NULL,
            household_id  text,
            room          text    NOT NULL,
            name          text    NOT NULL,
            registered_at bigint  NOT NULL,
            secret_hash   text,
            removing      boolean NOT NULL DEFAULT false
        );
        CREATE TABLE IF NOT EXISTS aiot_device_directory_count (
            slot    smallint NOT NULL PRIMARY KEY,
            devices bigint   NOT NULL
        );
        CREATE TABLE IF NOT EXISTS aiot_device_connected (
            node      text COLLATE "C" NOT NULL,
            device_id text COLLATE "C" NOT NULL,
            PRIMARY KEY (node, device_id)
        );
        CREATE INDEX IF NOT EXISTS aiot_device_connected_device_id ON aiot_device_connected (device_id);
        """;

    private static readonly TableColumns[] Tables =
    [
        new("aiot_device_directory", new("device_id", "text"), new("model", "text"), new("household_id", "text"), new("room", "text"),
            new("name", "text"), new("registered_at", "bigint"), new("secret_hash", "text"), new("removing", "boolean")),
        new("aiot_device_directory_count", new("slot", "smallint"), new("devices", "bigint")),
        new("aiot_device_connected", new("node", "text"), new("device_id", "text")),
    ];

    private const string AddToCount = """
        INSERT INTO aiot_device_directory_count (slot, devices) SELECT @slot, {0}
        ON CONFLICT (slot) DO UPDATE SET devices = aiot_device_directory_count.devices + excluded.devices
        """;

    private readonly NpgsqlDataSource _dataSource;
    private bool _closed;

    private PostgresDeviceDirectory(NpgsqlDataSource dataSource, string node) => (_dataSource, Node) = (dataSource, node);

    /// <summary>The gateway node (silo) this directory notes connected devices for.</summary>
    public string Node { get; }

    /// <summary>
    /// Opens the directory on <paramref name="dataSource"/>'s database, creating its tables in the connection's current
    /// schema if they are missing (several silos may do so at once; a table of one of their names with other columns
    /// throws <see cref="AIoT.Storage.Relational.StorageSchemaException"/>, and nothing is changed). <paramref name="node"/> names this gateway among
    /// those sharing the database, and must stay the same across its restarts (the silo name serves): it is whose
    /// connected devices <see cref="RecordConnectedAsync"/> and <see cref="ListRecordedConnectedAsync(string?, int)"/> see.
    /// </summary>
    public static async Task<PostgresDeviceDirectory> OpenAsync(NpgsqlDataSource dataSource, string node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        CheckNode(node);
        await CreateTablesAsync(dataSource, SchemaLockKey, "device directory", Tables, CreateTables, cancellationToken);
        return new PostgresDeviceDirectory(dataSource, node);
    }

    /// <summary>
    /// One statement for the whole list: the rows go as one array per column and are unnested into an
    /// <c>INSERT ... ON CONFLICT DO NOTHING RETURNING device_id</c>, whose returned ids are the ones added. Measured
    /// against binary COPY into a temporary table (docs/runtime.md): as fast in lists of 10,000 (the largest the API
    /// takes) and faster in small ones, which need no temporary table; COPY was faster only in one list of 100,000.
    /// </summary>
    public async Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<DirectoryEntry> entries)
    {
        CheckOpen();
        if (entries.Count == 0)
        {
            return [];
        }

        // In key order, stable so the first of two entries with one id is the one added: bulks that share ids lock
        // them in the same order and cannot deadlock, and the B-tree fills from one end.
        var rows = entries.OrderBy(e => e.Device.DeviceId, StringComparer.Ordinal).ToArray();
        await using var add = Command(_dataSource, $"""
            WITH added AS (
                INSERT INTO aiot_device_directory ({Columns})
                SELECT * FROM unnest(@ids, @models, @households, @rooms, @names, @registered_at, @secret_hashes)
                ON CONFLICT (device_id) DO NOTHING
                RETURNING device_id
            ), counted AS (
                {string.Format(AddToCount, "count(*) FROM added HAVING count(*) > 0")}
            )
            SELECT device_id FROM added
            """,
            ("slot", PickCounterSlot()));
        add.Parameters.Add(new NpgsqlParameter<string[]>("ids", [.. rows.Select(e => e.Device.DeviceId)]));
        add.Parameters.Add(new NpgsqlParameter<string[]>("models", [.. rows.Select(e => e.Device.Model)]));
        add.Parameters.Add(new NpgsqlParameter<string?[]>("households", [.. rows.Select(e => e.Device.HouseholdId)]));
        add.Parameters.Add(new NpgsqlParameter<string[]>("rooms", [.. rows.Select(e => e.Device.Room)]));
        add.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. rows.Select(e => e.Device.Name)]));
        add.Parameters.Add(new NpgsqlParameter<long[]>("registered_at", [.. rows.Select(e => e.Device.RegisteredAt.ToUnixTimeMilliseconds())]));
        add.Parameters.Add(new NpgsqlParameter<string?[]>("secret_hashes", [.. rows.Select(e => e.SecretHash)]));
        var added = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await add.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                added.Add(reader.GetString(0));
            }
        }

        // Each added id was added once: a second entry with it in the same list is taken, as it is by the SQLite form.
        return [.. entries.Select(e => e.Device.DeviceId).Where(id => !added.Remove(id))];
    }

    public async Task<DirectoryEntry?> BeginRemovalAsync(string deviceId)
    {
        CheckOpen();
        // Marked and counted in one statement; a second removal finds the row marked already and changes nothing,
        // also when both run at once (the second waits on the row lock and re-checks removing).
        await using var mark = Command(_dataSource, $"""
            WITH marked AS (
                UPDATE aiot_device_directory SET removing = true WHERE device_id = @id AND NOT removing
                RETURNING {Columns}
            ), counted AS (
                {string.Format(AddToCount, "-1 FROM marked")}
            )
            SELECT {Columns} FROM marked
            """,
            ("id", deviceId), ("slot", PickCounterSlot()));
        if (await ReadOneAsync(mark) is { } marked)
        {
            return marked;
        }

        await using var find = Command(_dataSource, $"SELECT {Columns} FROM aiot_device_directory WHERE device_id = @id AND removing", ("id", deviceId));
        return await ReadOneAsync(find);
    }

    /// <summary>Also forgets the device as connected, on every node.</summary>
    public async Task<bool> RemoveAsync(string deviceId)
    {
        CheckOpen();
        await using var remove = Command(_dataSource, $"""
            WITH deleted AS (
                DELETE FROM aiot_device_directory WHERE device_id = @id RETURNING removing
            ), forgotten AS (
                DELETE FROM aiot_device_connected WHERE device_id = @id
            ), counted AS (
                {string.Format(AddToCount, "-1 FROM deleted WHERE NOT removing")}
            )
            SELECT count(*) FROM deleted
            """,
            ("id", deviceId), ("slot", PickCounterSlot()));
        return (long)(await remove.ExecuteScalarAsync())! > 0;
    }

    public async Task<DirectoryEntry?> FindAsync(string deviceId)
    {
        CheckOpen();
        await using var find = Command(_dataSource, $"SELECT {Columns} FROM aiot_device_directory WHERE device_id = @id AND NOT removing", ("id", deviceId));
        return await ReadOneAsync(find);
    }

    public async Task<DevicePage> ListAsync(string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        CheckOpen();
        await using var list = Command(_dataSource, $"SELECT {Columns} FROM aiot_device_directory WHERE device_id > @after AND NOT removing ORDER BY device_id LIMIT @limit",
            ("after", after ?? ""), ("limit", limit + 1));
        var devices = new List<ProvisionedDevice>(Math.Min(limit + 1, 1024));
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            devices.Add(Read(reader).Device);
        }

        return devices.Count > limit ? new DevicePage(devices[..limit], devices[limit - 1].DeviceId) : new DevicePage(devices, null);
    }

    /// <summary>The sum of the counter rows: as cheap with ten million devices as with ten.</summary>
    public async Task<long> CountAsync()
    {
        CheckOpen();
        await using var count = Command(_dataSource, "SELECT COALESCE(sum(devices), 0)::bigint FROM aiot_device_directory_count");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Notes the device as connected to this node, or no longer; another node's note of the same device is left alone.</summary>
    public async Task RecordConnectedAsync(string deviceId, bool connected)
    {
        CheckOpen();
        await using var record = Command(_dataSource, connected
                ? "INSERT INTO aiot_device_connected (node, device_id) VALUES (@node, @id) ON CONFLICT (node, device_id) DO NOTHING"
                : "DELETE FROM aiot_device_connected WHERE node = @node AND device_id = @id",
            ("node", Node), ("id", deviceId));
        await record.ExecuteNonQueryAsync();
    }

    /// <summary>The devices noted as connected to this node (see <see cref="ListRecordedConnectedAsync(string, string?, int)"/>).</summary>
    public Task<IReadOnlyList<string>> ListRecordedConnectedAsync(string? after, int limit) => ListRecordedConnectedAsync(Node, after, limit);

    /// <summary>
    /// Up to <paramref name="limit"/> devices noted as connected to <paramref name="node"/>, with ids after
    /// <paramref name="after"/>, in ordinal id order. With the name of a node that died (a silo membership declared
    /// dead), a survivor checks those devices' twins as that node's own start-up sweep would have, then calls
    /// <see cref="ForgetNodeAsync"/>; devices that connected to the survivor meanwhile are noted under its own name.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListRecordedConnectedAsync(string node, string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        CheckNode(node);
        CheckOpen();
        await using var list = Command(_dataSource, "SELECT device_id FROM aiot_device_connected WHERE node = @node AND device_id > @after ORDER BY device_id LIMIT @limit",
            ("node", node), ("after", after ?? ""), ("limit", limit));
        var ids = new List<string>(Math.Min(limit, 1024));
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Every node that has devices noted as connected to it, this one included.</summary>
    public async Task<IReadOnlyList<string>> ListNotedNodesAsync()
    {
        CheckOpen();
        // A skip scan over the primary key: one index step per node, however many devices each has noted.
        await using var list = Command(_dataSource, """
            WITH RECURSIVE noted(node) AS (
                (SELECT node FROM aiot_device_connected ORDER BY node LIMIT 1)
                UNION ALL
                SELECT (SELECT c.node FROM aiot_device_connected c WHERE c.node > noted.node ORDER BY c.node LIMIT 1)
                FROM noted WHERE noted.node IS NOT NULL)
            SELECT node FROM noted WHERE node IS NOT NULL
            """);
        var nodes = new List<string>();
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            nodes.Add(reader.GetString(0));
        }

        return nodes;
    }

    /// <summary>Those of <paramref name="deviceIds"/> that some node other than <paramref name="node"/> notes as connected: they came back elsewhere.</summary>
    public async Task<IReadOnlySet<string>> ConnectedElsewhereAsync(string node, IReadOnlyList<string> deviceIds)
    {
        CheckNode(node);
        CheckOpen();
        await using var query = Command(_dataSource, "SELECT DISTINCT device_id FROM aiot_device_connected WHERE device_id = ANY(@ids) AND node <> @node",
            ("ids", deviceIds.ToArray()), ("node", node));
        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            elsewhere.Add(reader.GetString(0));
        }

        return elsewhere;
    }

    /// <summary>Deletes the notes of <paramref name="deviceIds"/> as connected to <paramref name="node"/>, once they were taken care of.</summary>
    public async Task ForgetAsync(string node, IReadOnlyList<string> deviceIds)
    {
        CheckNode(node);
        CheckOpen();
        await using var forget = Command(_dataSource, "DELETE FROM aiot_device_connected WHERE node = @node AND device_id = ANY(@ids)", ("node", node), ("ids", deviceIds.ToArray()));
        await forget.ExecuteNonQueryAsync();
    }

    /// <summary>Deletes every note of a device connected to <paramref name="node"/>, once its devices have been taken care of; returns how many there were.</summary>
    public async Task<long> ForgetNodeAsync(string node)
    {
        CheckNode(node);
        CheckOpen();
        await using var forget = Command(_dataSource, "DELETE FROM aiot_device_connected WHERE node = @node", ("node", node));
        return await forget.ExecuteNonQueryAsync();
    }

    /// <summary>Refuses calls from here on; the data source, and what is written, stay.</summary>
    public ValueTask DisposeAsync()
    {
        _closed = true;
        return ValueTask.CompletedTask;
    }

    private static async Task<DirectoryEntry?> ReadOneAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    private static DirectoryEntry Read(NpgsqlDataReader reader) => new(
        new ProvisionedDevice(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetNullableString(2),
            reader.GetString(3),
            reader.GetString(4),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))),
        reader.GetNullableString(6));

    private static void CheckNode(string node)
    {
        if (string.IsNullOrWhiteSpace(node))
        {
            throw new ArgumentException("A gateway node needs a name (the silo name serves): the devices connected to it are noted under that name.", nameof(node));
        }
    }

    private void CheckOpen() => ObjectDisposedException.ThrowIf(_closed, this);
}
