namespace AIoT.Storage.Relational;

/// <summary>A chunk of a bulk import: rows that should not exist yet, each inserted unless it does.</summary>
internal sealed class NewRowsInsert : WriteOperation<IReadOnlyList<int>>
{
    private readonly NewRow[] _rows;
    private List<int> _existing = [];

    public NewRowsInsert(NewRow[] rows) => _rows = rows;

    public override int RowCount => _rows.Length;

    /// <summary>The positions in the chunk of the rows that already existed and were left as they were.</summary>
    protected override IReadOnlyList<int> Result => _existing;

    public override async Task ExecuteAsync(PreparedWriteCommands commands, long updatedAt)
    {
        var existing = new List<int>();
        for (var i = 0; i < _rows.Length; i++)
        {
            var row = _rows[i];
            if (!await commands.InsertIfAbsentAsync(row.GrainId, row.StateName, row.GrainType, row.Payload, updatedAt))
            {
                existing.Add(i);
            }
        }

        _existing = existing;
    }

    internal readonly record struct NewRow(string GrainId, string StateName, string GrainType, byte[] Payload);
}
