namespace AIoT.Gateway.Tests.Support;

/// <summary>The samples/ folder of this checkout: the tests run the very files a user copies.</summary>
internal static class Samples
{
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"samples/{relative} not found above {AppContext.BaseDirectory}.");
    }
}
