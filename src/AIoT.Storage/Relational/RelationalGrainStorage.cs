using System.Data.Common;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AIoT.Storage.Relational;

/// <summary>
/// Orleans grain storage over a relational database, one row per grain and state name, whose version column is the
/// ETag. Writes and clears go to a single writer that commits them in groups; reads use a small set of open
/// connections concurrently. What is particular to a database comes from its <see cref="IGrainStateDialect"/> and
/// <see cref="IGrainStateConnectionFactory"/>.
/// </summary>
public sealed partial class RelationalGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable, IDisposable
{
    private readonly string _name;
    private readonly IGrainStateDialect _dialect;
    private readonly IGrainStateConnectionFactory _connections;
    private readonly RelationalGrainStorageSettings _settings;
    private readonly IActivatorProvider _activators;
    private readonly ILogger _logger;
    private readonly GrainStateWriter _writer;
    private readonly GrainStateReaderPool _readers;
    private readonly StatePayloads _payloads;
    private int _stopped;

    public RelationalGrainStorage(
        string name,
        IGrainStateDialect dialect,
        IGrainStateConnectionFactory connections,
        RelationalGrainStorageSettings settings,
        IActivatorProvider activators,
        TimeProvider timeProvider,
        ILogger<RelationalGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ReadConnections, 1);
        _name = name;
        _dialect = dialect;
        _connections = connections;
        _settings = settings;
        _activators = activators;
        _logger = logger;
        _writer = new GrainStateWriter(name, settings.BatchSize, timeProvider, logger);
        _readers = new GrainStateReaderPool(name);
        _payloads = new StatePayloads(settings.Serializer);
    }

    /// <summary>The name the storage is registered under, as in <c>[PersistentState("state", name)]</c>.</summary>
    public string Name => _name;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(RelationalGrainStorage)}-{_name}", _settings.InitStage, StartAsync, StopAsync);

    /// <summary>
    /// Opens the database, creates or checks its schema and starts the writer. The silo calls this at
    /// <see cref="RelationalGrainStorageSettings.InitStage"/>; it throws <see cref="GrainStorageUnavailableException"/>
    /// naming the storage and the database when the database cannot be used, which fails the silo start.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        DbConnection? writerConnection = null;
        try
        {
            writerConnection = await _connections.OpenAsync(cancellationToken);
            var outcome = await _dialect.EnsureSchemaAsync(writerConnection, cancellationToken);
            await _writer.StartAsync(writerConnection, _connections, _dialect, cancellationToken);
            writerConnection = null;
            await _readers.OpenAsync(_connections, _dialect, _settings.ReadConnections, cancellationToken);
            LogStarted(_name, _connections.DataSourceDescription, outcome);
        }
        catch (Exception error)
        {
            if (writerConnection is not null)
            {
                await writerConnection.DisposeAsync();
            }

            await StopAsync(CancellationToken.None);
            if (error is OperationCanceledException)
            {
                throw;
            }

            throw new GrainStorageUnavailableException(
                $"Grain storage '{_name}' cannot use the {_connections.DataSourceDescription}: {error.Message}", error);
        }
    }

    /// <summary>Finishes the writes already queued, then closes the database.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _writer.StopAsync();
        await _readers.StopAsync(cancellationToken);
        // A connection factory that pools (PostgreSQL's data source) closes its pool with the storage.
        if (_connections is IAsyncDisposable owned)
        {
            await owned.DisposeAsync();
        }

        LogStopped(_name);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    public void Dispose() => StopAsync(CancellationToken.None).GetAwaiter().GetResult();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (await _readers.ReadAsync(grainId.ToString(), stateName, cancellationToken) is not { } stored)
        {
            grainState.State = _activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        try
        {
            grainState.State = _payloads.Deserialize<T>(stored.Payload, grainId, stateName);
        }
        catch (GrainStateUnreadableException error)
        {
            LogUnreadable(error, _name, grainId, stateName, typeof(T));
            throw;
        }

        grainState.ETag = ETags.Format(stored.Version);
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        // Cancellation is honoured only before the write is queued: once queued it may commit, and a caller told
        // "cancelled" must not find its write stored.
        cancellationToken.ThrowIfCancellationRequested();
        var payload = _payloads.Serialize(grainState.State);
        var etag = grainState.ETag;
        RowWrite write;
        if (etag is null)
        {
            write = RowWrite.Insert(grainId.ToString(), stateName, grainId.Type.ToString(), payload);
        }
        else if (ETags.TryParse(etag, out var expected))
        {
            write = RowWrite.Update(grainId.ToString(), stateName, payload, expected);
        }
        else
        {
            throw StaleStateErrors.Unrecognized("write", grainId, stateName, etag);
        }

        var outcome = await _writer.SubmitAsync(write);
        if (!outcome.Applied)
        {
            throw StaleStateErrors.Refused("write", grainId, stateName, etag, outcome.Version);
        }

        grainState.ETag = ETags.Format(outcome.Version!.Value);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var etag = grainState.ETag;
        RowWrite clear;
        if (etag is null)
        {
            clear = RowWrite.ConfirmAbsent(grainId.ToString(), stateName);
        }
        else if (ETags.TryParse(etag, out var expected))
        {
            clear = RowWrite.Delete(grainId.ToString(), stateName, expected);
        }
        else
        {
            throw StaleStateErrors.Unrecognized("clear", grainId, stateName, etag);
        }

        var outcome = await _writer.SubmitAsync(clear);
        if (!outcome.Applied)
        {
            throw StaleStateErrors.Refused("clear", grainId, stateName, etag, outcome.Version);
        }

        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>
    /// Bulk import without activating grains: inserts a row with ETag "1" for each entry unless a row for that grain
    /// and state name already exists, which is left as it is. Rows are committed in chunks of the batch size as they
    /// go; if the import fails part-way, the chunks committed stay, and running it again reports them as existing.
    /// Meant for grains that are not active: an activation that found no row does not see the imported one, and its
    /// next write is refused as stale (<see cref="InconsistentStateException"/>) until it re-reads.
    /// </summary>
    /// <returns>The grains, in input order, whose row already existed (an id given twice is reported the second time).</returns>
    public Task<IReadOnlyList<GrainId>> WriteNewAsync<T>(
        IEnumerable<(GrainId Id, string StateName, T State)> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return NewRowsImport.RunAsync(_writer, _payloads, _settings.BatchSize, rows, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {StorageName} uses the {DataSource} (schema: {Outcome})")]
    private partial void LogStarted(string storageName, string dataSource, SchemaOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {StorageName} stopped")]
    private partial void LogStopped(string storageName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage {StorageName}: the stored state {StateName} of grain {GrainId} does not deserialize as {StateType}")]
    private partial void LogUnreadable(Exception error, string storageName, GrainId grainId, string stateName, Type stateType);
}
