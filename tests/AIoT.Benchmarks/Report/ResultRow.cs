namespace AIoT.Benchmarks.Report;

/// <summary>One line of the closing table.</summary>
internal sealed record ResultRow(string Measure, string Result, string Target, string Setup)
{
    private const string FailurePrefix = "failed: ";

    public bool IsFailure => Result.StartsWith(FailurePrefix, StringComparison.Ordinal);

    public static ResultRow Failure(string section, Exception ex) =>
        new(section, FailurePrefix + ex.GetType().Name + ": " + ex.Message, "", "");
}
