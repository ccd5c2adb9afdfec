namespace AIoT.Dashboard.Tests.Support;

/// <summary>
/// Where the browser tests leave their screenshots: $AIOT_TEST_RESULTS/screenshots (tests/run.sh sets it to its results
/// folder), else tests/.tools/results/screenshots under the repository, which git ignores.
/// </summary>
internal static class TestResults
{
    public static string Screenshot(string testName)
    {
        var folder = Path.Combine(Root(), "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, testName + ".png");
    }

    private static string Root()
    {
        if (Environment.GetEnvironmentVariable("AIOT_TEST_RESULTS") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AIoT.Ecosystem.sln")))
            {
                return Path.Combine(dir.FullName, "tests", ".tools", "results");
            }
        }

        throw new InvalidOperationException("AIoT.Ecosystem.sln not found above the test folder; set AIOT_TEST_RESULTS to say where screenshots go.");
    }
}
