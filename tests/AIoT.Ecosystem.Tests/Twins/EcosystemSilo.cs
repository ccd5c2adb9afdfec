using AIoT.Ecosystem.Vehicles;
using AIoT.Grains.Runtime;

namespace AIoT.Ecosystem.Tests.Twins;

internal static class EcosystemSilo
{
    public static async Task<Silo> StartAsync()
    {
        var silo = new SiloBuilder().AddGrainAssembly(typeof(VehicleGrain).Assembly).AddMemoryGrainStorage().Build();
        await silo.StartAsync();
        return silo;
    }
}
