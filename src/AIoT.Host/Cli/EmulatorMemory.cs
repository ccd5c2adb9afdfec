using System.Globalization;

namespace AIoT.Host.Cli;

/// <summary>`aiot emulate --memory`: this process's managed heap and resident set, before the devices and with them.</summary>
internal sealed record EmulatorMemory(long ManagedBytes, long ResidentBytes)
{
    public static EmulatorMemory Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new EmulatorMemory(GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
    }

    /// <summary>What the devices added over <paramref name="baseline"/>, in total and per device.</summary>
    public string PerDevice(EmulatorMemory baseline, int devices)
    {
        var managed = ManagedBytes - baseline.ManagedBytes;
        var resident = ResidentBytes - baseline.ResidentBytes;
        return string.Create(CultureInfo.InvariantCulture,
            $"memory with {devices} devices: managed heap +{managed / 1048576.0:0.0} MB ({managed / 1024.0 / devices:0.0} KB per device), RSS +{resident / 1048576.0:0.0} MB ({resident / 1024.0 / devices:0.0} KB per device); process totals {ManagedBytes / 1048576.0:0.0} MB managed, {ResidentBytes / 1048576.0:0.0} MB RSS");
    }
}
