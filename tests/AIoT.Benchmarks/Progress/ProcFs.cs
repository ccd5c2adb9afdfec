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

    /// <summary>
    /// CPU time of the whole machine from /proc/stat's first line, in clock ticks: (busy, all), busy being all but
    /// idle and iowait; (0, 0) where it cannot be read.
    /// </summary>
    public static (long Busy, long All) MachineCpuTicks()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var all = fields.Take(8).Sum();
            return (all - fields[3] - fields[4], all);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }
}
