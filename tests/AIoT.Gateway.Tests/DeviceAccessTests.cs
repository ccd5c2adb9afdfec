using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using MQTTnet;
using MQTTnet.Protocol;

namespace AIoT.Gateway.Tests;

/// <summary>Devices connect with their own credentials and reach only their own topics.</summary>
public sealed class DeviceAccessTests
{
    [Fact]
    public async Task A_wrong_secret_gets_bad_user_name_or_password_and_no_credentials_for_a_provisioned_id_gets_not_authorized()
    {
        await using var host = await TestHost.StartAsync();
        await host.ProvisionAsync("cuco.plug.v2eur", "plug-1");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await host.RefusedConnectAsync("plug-1", "plug-1", "not-the-secret"));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await host.RefusedConnectAsync("plug-1", null, null, MqttProtocolVersion.V311));
    }

    [Fact]
    public async Task A_device_that_publishes_on_another_devices_topic_is_refused_and_that_twin_is_unchanged()
    {
        await using var host = await TestHost.StartAsync();
        var mine = await host.ProvisionAsync("cuco.plug.v2eur", "plug-mine");
        await host.ProvisionAsync("cuco.plug.v2eur", "plug-theirs");
        var before = (await host.Device("plug-theirs").GetTwin()).Properties.Select(p => (p.Key, p.Value)).ToList();
        using var device = await host.ConnectAsync("plug-mine", "plug-mine", mine.Secret);

        var refused = await device.PublishBinaryAsync("aiot/plug-theirs/report", """{"2.1": true, "11.2": 1234.5, "13.1": false}"""u8.ToArray(), MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        var granted = await device.SubscribeAsync("aiot/plug-theirs/set", MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, granted.Items.Single().ResultCode);

        var theirs = await host.Device("plug-theirs").GetTwin();
        Assert.Equal(before, theirs.Properties.Select(p => (p.Key, p.Value)).ToList());
        Assert.False(theirs.Online);
    }

    [Fact]
    public async Task A_device_whose_will_names_another_devices_topic_is_refused_at_connect()
    {
        await using var host = await TestHost.StartAsync();
        var mine = await host.ProvisionAsync("cuco.plug.v2eur", "plug-will");
        var refused = await host.RefusedConnectAsync("plug-will", "plug-will", mine.Secret, configure: options => options
            .WithWillTopic("aiot/someone-else/status")
            .WithWillPayload("offline")
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain());
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, refused);
    }

    [Fact]
    public async Task Anonymous_clients_are_refused_when_anonymous_access_is_off_and_a_removed_device_can_no_longer_connect()
    {
        await using var host = await TestHost.StartAsync(allowAnonymous: false);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await host.RefusedConnectAsync("tool", null, null));

        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "plug-gone");
        await (await host.ConnectAsync("plug-gone", "plug-gone", plug.Secret)).LeaveAsync();
        await host.Provisioner.RemoveAsync("plug-gone");
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await host.RefusedConnectAsync("plug-gone", "plug-gone", plug.Secret));
    }

    [Fact]
    public async Task Anonymous_clients_are_let_in_from_this_machine_only()
    {
        await using var host = await TestHost.StartAsync();
        var policy = new AIoT.Gateway.Security.DeviceAccessPolicy(host.Grains, AIoT.Gateway.Security.AnonymousAccess.LoopbackOnly, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var local = await policy.AuthenticateAsync(new MqttConnectContext("tool", null, null, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 50000), MqttProtocolVersion.V500));
        var remote = await policy.AuthenticateAsync(new MqttConnectContext("tool", null, null, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.2"), 50000), MqttProtocolVersion.V500));
        var unknown = await policy.AuthenticateAsync(new MqttConnectContext("tool", null, null, null, MqttProtocolVersion.V500));

        Assert.Equal(MqttReasonCode.Success, local);
        Assert.Equal(MqttReasonCode.NotAuthorized, remote);
        Assert.Equal(MqttReasonCode.NotAuthorized, unknown);
    }

    [Fact]
    public async Task A_web_page_from_another_site_can_open_neither_mqtt_over_websocket_nor_the_api()
    {
        await using var host = await TestHost.StartAsync();
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.AddSubProtocol("mqtt");
        socket.Options.SetRequestHeader("Origin", "http://evil.example");
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.HttpPort}/mqtt"), CancellationToken.None));

        await host.ProvisionAsync("cuco.plug.v2eur", "plug-csrf");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{host.HttpPort}/api/devices/plug-csrf/secret");
        request.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_renewed_secret_ends_the_session_opened_with_the_old_one()
    {
        await using var host = await TestHost.StartAsync();
        var plug = await host.ProvisionAsync("cuco.plug.v2eur", "plug-renew");
        using var old = await host.ConnectAsync("plug-renew", "plug-renew", plug.Secret);
        Assert.True(old.IsConnected);

        await host.Provisioner.RenewSecretAsync("plug-renew");
        await TestHost.EventuallyAsync(() => Task.FromResult(!old.IsConnected), "the old session is closed");
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await host.RefusedConnectAsync("plug-renew", "plug-renew", plug.Secret));
    }
}
