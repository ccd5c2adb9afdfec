namespace AIoT.Benchmarks.Progress;

/// <summary>What Linux's /proc tells about the machine and this process.</summary>
internal static class ProcFs
{
    /// <summary>The 1, 5 and 15 minute load averages, or "?" where /proc/loadavg cannot be read.</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>This process's resident set (VmRSS; past 10 GB a tab, not spaces, follows the colon).</summary>
    public static long ResidentSetBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        return 0;
    }
}
