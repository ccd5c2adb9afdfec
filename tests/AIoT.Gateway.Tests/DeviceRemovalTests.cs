using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households;
using AIoT.Gateway.Provisioning;
using AIoT.Gateway.Tests.Support;
using Orleans.Hosting;

namespace AIoT.Gateway.Tests;

public sealed class DeviceRemovalTests
{
    [Fact]
    public async Task A_removal_that_fails_halfway_leaves_the_device_unusable_and_running_it_again_finishes_it()
    {
        var failNextHouseholdRemoval = 1;
        await using var host = await TestHost.StartAsync(configureSilo: silo => silo.AddIncomingGrainCallFilter(call =>
            call.InterfaceMethod.DeclaringType == typeof(IHouseholdGrain) && call.InterfaceMethod.Name == nameof(IHouseholdGrain.RemoveDevice)
                && Interlocked.Exchange(ref failNextHouseholdRemoval, 0) == 1
                ? throw new TimeoutException("injected: the household did not answer")
                : call.Invoke()));
        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "plug-half");
        await host.Device("plug-half").ReportProperties([new PropertyWrite("2.1", PropertyValue.Of(true))]);

        await Assert.ThrowsAsync<TimeoutException>(() => host.Provisioner.RemoveAsync("plug-half"));

        // Half removed: not found, not listed or counted, unable to connect, and its id not free for someone else.
        Assert.Null(await host.Provisioner.FindAsync("plug-half"));
        Assert.Empty((await host.Provisioner.ListAsync()).Devices);
        Assert.Equal(0, await host.Provisioner.CountAsync());
        Assert.False(await host.Grains.GetGrain<IDeviceCredentialsGrain>("plug-half").Verify(plug.Secret));
        var taken = await Assert.ThrowsAsync<ProvisioningException>(() => host.ProvisionAsync("cuco.plug.v2eur", "plug-half"));
        Assert.Equal(ProvisioningError.Conflict, taken.Error);

        await host.Provisioner.RemoveAsync("plug-half");

        Assert.DoesNotContain("plug-half", (await host.Grains.GetGrain<IHouseholdGrain>("home").GetSnapshot()).DevicesByRoom.Values.SelectMany(ids => ids));
        var again = await host.ProvisionAsync("cuco.plug.v2eur", "plug-half");
        Assert.True(await host.Grains.GetGrain<IDeviceCredentialsGrain>("plug-half").Verify(again.Secret));
        Assert.False(await host.Grains.GetGrain<IDeviceCredentialsGrain>("plug-half").Verify(plug.Secret));
        Assert.NotEqual(PropertyValue.Of(true), (await host.Device("plug-half").GetTwin())["2.1"]);
        Assert.Equal(1, await host.Provisioner.CountAsync());
    }

    [Fact]
    public async Task Removing_a_device_that_is_not_registered_is_refused_and_leaves_its_twin_alone()
    {
        await using var host = await TestHost.StartAsync();
        await host.Device("demo-lamp").Provision(new DeviceRegistration("yeelink.light.ceiling22", null, "", "Ceiling light"));

        var refused = await Assert.ThrowsAsync<ProvisioningException>(() => host.Provisioner.RemoveAsync("demo-lamp"));

        Assert.Equal(ProvisioningError.NotFound, refused.Error);
        Assert.Equal("yeelink.light.ceiling22", (await host.Device("demo-lamp").GetTwin()).Model);
    }
}
