namespace AIoT.Storage.Relational;

/// <summary>One grain's write or clear, conditional on the version its caller holds.</summary>
internal sealed class RowWrite : WriteOperation<RowWriteOutcome>
{
    private readonly RowWriteKind _kind;
    private readonly string _grainId;
    private readonly string _stateName;
    private readonly string _grainType;
    private readonly byte[] _payload;
    private readonly long _expectedVersion;
    private RowWriteOutcome _outcome;

    private RowWrite(RowWriteKind kind, string grainId, string stateName, string grainType, byte[] payload, long expectedVersion)
    {
        _kind = kind;
        _grainId = grainId;
        _stateName = stateName;
        _grainType = grainType;
        _payload = payload;
        _expectedVersion = expectedVersion;
    }

    public static RowWrite Insert(string grainId, string stateName, string grainType, byte[] payload) =>
        new(RowWriteKind.Insert, grainId, stateName, grainType, payload, 0);

    public static RowWrite Update(string grainId, string stateName, byte[] payload, long expectedVersion) =>
        new(RowWriteKind.Update, grainId, stateName, "", payload, expectedVersion);

    public static RowWrite Delete(string grainId, string stateName, long expectedVersion) =>
        new(RowWriteKind.Delete, grainId, stateName, "", [], expectedVersion);

    /// <summary>A clear by a caller that holds no ETag: nothing to delete, but it must be refused if a row exists.</summary>
    public static RowWrite ConfirmAbsent(string grainId, string stateName) =>
        new(RowWriteKind.ConfirmAbsent, grainId, stateName, "", [], 0);

    public override int RowCount => 1;

    protected override RowWriteOutcome Result => _outcome;

    public override async Task ExecuteAsync(PreparedWriteCommands commands, long updatedAt)
    {
        _outcome = _kind switch
        {
            RowWriteKind.Insert => await commands.InsertIfAbsentAsync(_grainId, _stateName, _grainType, _payload, updatedAt)
                ? new RowWriteOutcome(true, 1)
                : await RefusedAsync(commands),
            RowWriteKind.Update => await commands.UpdateIfVersionAsync(_grainId, _stateName, _payload, updatedAt, _expectedVersion)
                ? new RowWriteOutcome(true, _expectedVersion + 1)
                : await RefusedAsync(commands),
            RowWriteKind.Delete => await commands.DeleteIfVersionAsync(_grainId, _stateName, _expectedVersion)
                ? new RowWriteOutcome(true, null)
                : await RefusedAsync(commands),
            _ => await commands.SelectVersionAsync(_grainId, _stateName) is { } stored
                ? new RowWriteOutcome(false, stored)
                : new RowWriteOutcome(true, null),
        };
    }

    private async Task<RowWriteOutcome> RefusedAsync(PreparedWriteCommands commands) =>
        new(false, await commands.SelectVersionAsync(_grainId, _stateName));

    private enum RowWriteKind
    {
        Insert,
        Update,
        Delete,
        ConfirmAbsent,
    }
}
