namespace AIoT.Ecosystem.Tests.Support;

/// <summary>Grains outlive a test in the shared cluster, so each test names its own: no test sees another's state.</summary>
internal static class TestKeys
{
    public static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];
}
