using System.Text;
using AIoT.Gateway.Contract;
using AIoT.Gateway.Provisioning;
using AIoT.Grains;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using Microsoft.Extensions.Logging;

namespace AIoT.Gateway.Security;

/// <summary>
/// Who may connect to the embedded broker and where they may publish and subscribe.
/// A provisioned device connects with user name = client id = its device id and password = its secret, and may only
/// publish its own device-to-platform topics and subscribe under aiot/{its id}/. Clients without credentials are
/// anonymous: allowed with full rights only when <paramref name="allowAnonymous"/> (the default on loopback, as Mosquitto 2.0 does),
/// and never under the client id of a provisioned device.
/// </summary>
public sealed class DeviceAccessPolicy(IGrainFactory grains, bool allowAnonymous, ILogger logger)
{
    public bool AllowAnonymous => allowAnonymous;

    public void ApplyTo(MqttBrokerOptions options)
    {
        options.Authenticate = AuthenticateAsync;
        options.AuthorizePublish = (client, topic) => ValueTask.FromResult(MayPublish(client, topic));
        options.AuthorizeSubscribe = (client, filter) => ValueTask.FromResult(MaySubscribe(client, filter));
    }

    public async ValueTask<MqttReasonCode> AuthenticateAsync(MqttConnectContext context)
    {
        if (context.UserName is null)
        {
            if (context.ClientId.Length > 0 && await grains.GetGrain<IDeviceCredentialsGrain>(context.ClientId).Exists())
            {
                logger.LogWarning("Refused {ClientId} from {Remote}: it is a provisioned device and sent no credentials", context.ClientId, context.RemoteEndPoint);
                return MqttReasonCode.NotAuthorized;
            }

            if (!allowAnonymous)
            {
                logger.LogWarning("Refused anonymous client {ClientId} from {Remote}: credentials are required (the broker is not bound to loopback only)", context.ClientId, context.RemoteEndPoint);
            }

            return allowAnonymous ? MqttReasonCode.Success : MqttReasonCode.NotAuthorized;
        }

        if (context.ClientId != context.UserName)
        {
            logger.LogWarning("Refused {ClientId} from {Remote}: a device connects with its device id as both client id and user name (user name was {UserName})", context.ClientId, context.RemoteEndPoint, context.UserName);
            return MqttReasonCode.ClientIdentifierNotValid;
        }

        var secret = context.Password is { } password ? Encoding.UTF8.GetString(password.Span) : "";
        if (secret.Length == 0 || !await grains.GetGrain<IDeviceCredentialsGrain>(context.UserName).Verify(secret))
        {
            logger.LogWarning("Refused {ClientId} from {Remote}: unknown device or wrong secret", context.ClientId, context.RemoteEndPoint);
            return MqttReasonCode.BadUserNameOrPassword;
        }

        return MqttReasonCode.Success;
    }

    public static bool MayPublish(MqttClientInfo client, string topic)
    {
        if (client.UserName is not { } deviceId)
        {
            return true;
        }

        return DeviceTopics.TryParse(topic, out var owner, out var kind) && owner == deviceId && DeviceTopics.IsFromDevice(kind);
    }

    public static bool MaySubscribe(MqttClientInfo client, string filter) =>
        client.UserName is not { } deviceId || filter.StartsWith($"{DeviceTopics.Root}/{deviceId}/", StringComparison.Ordinal);
}
