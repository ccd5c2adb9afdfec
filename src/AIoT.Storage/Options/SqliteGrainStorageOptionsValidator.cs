namespace AIoT.Storage.Options;

/// <summary>Checks a SQLite grain storage's options when the silo starts, naming the storage in the error.</summary>
public sealed class SqliteGrainStorageOptionsValidator : IConfigurationValidator
{
    private readonly SqliteGrainStorageOptions _options;
    private readonly string _name;

    public SqliteGrainStorageOptionsValidator(SqliteGrainStorageOptions options, string name)
    {
        _options = options;
        _name = name;
    }

    public void ValidateConfiguration()
    {
        var path = _options.DatabasePath;
        if (string.IsNullOrWhiteSpace(path))
        {
            Fail($"{nameof(SqliteGrainStorageOptions.DatabasePath)} is required: set it to the file that holds grain state, e.g. data/grains.db.");
        }

        if (path.StartsWith(":memory:", StringComparison.Ordinal) || path.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
        {
            Fail($"{nameof(SqliteGrainStorageOptions.DatabasePath)} must be a file, not an in-memory database: the storage reads on "
                + "connections of its own, which would each see another empty database. For state in memory use AddMemoryGrainStorage.");
        }

        if (_options.Problem() is { } shared)
        {
            Fail(shared);
        }

        if (_options.BusyTimeout < TimeSpan.Zero)
        {
            Fail($"{nameof(SqliteGrainStorageOptions.BusyTimeout)} is {_options.BusyTimeout}; it must not be negative.");
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string problem) =>
        throw new OrleansConfigurationException($"Grain storage '{_name}' (SQLite): {problem}");
}
