using AIoT.Gateway.Provisioning;
using AIoT.Host.Hosting;

namespace AIoT.Benchmarks.Hosting;

/// <summary>The benchmark's devices: ids made of a run's prefix and a number, registered in-process in bulk.</summary>
internal static class BenchDevices
{
    public static string Id(string prefix, int i) => $"{prefix}-{i:D7}";

    /// <summary>Registers prefix-0000000 .. prefix-(count - 1) through the host's provisioner, 10,000 per call.</summary>
    public static async Task RegisterAsync(RunningHost host, string model, string prefix, int count, Func<int, string?>? household = null)
    {
        const int Chunk = 10_000;
        for (var start = 0; start < count; start += Chunk)
        {
            var requests = new List<DeviceProvisionRequest>(Math.Min(Chunk, count - start));
            for (var i = start; i < Math.Min(count, start + Chunk); i++)
            {
                requests.Add(new DeviceProvisionRequest(model, household?.Invoke(i), null, null, Id(prefix, i)));
            }

            await host.Provisioner.AddManyAsync(requests);
        }
    }
}
