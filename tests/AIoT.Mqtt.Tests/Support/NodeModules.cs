namespace AIoT.Mqtt.Tests.Support;

/// <summary>Where tests/run.sh installed MQTT.js.</summary>
internal static class NodeModules
{
    public static string Path
    {
        get
        {
            if (Environment.GetEnvironmentVariable("AIOT_TEST_NODE_MODULES") is { Length: > 0 } fromEnvironment && Directory.Exists(fromEnvironment))
            {
                return fromEnvironment;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "tests", ".tools", "node_modules");
                if (Directory.Exists(System.IO.Path.Combine(candidate, "mqtt")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("MQTT.js is not installed: run `bash tests/run.sh`, which installs it into tests/.tools.");
        }
    }
}
