using System.Net;
using System.Text;
using AIoT.Gateway.Contract;
using AIoT.Gateway.Provisioning;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using Microsoft.Extensions.Logging;

namespace AIoT.Gateway.Security;

/// <summary>Who may connect without credentials.</summary>
public enum AnonymousAccess
{
    /// <summary>Nobody: every client needs device credentials.</summary>
    Never,

    /// <summary>Clients on this machine (a loopback peer, over TCP or WebSocket); the default.</summary>
    LoopbackOnly,

    /// <summary>Anyone who can reach the broker (only when the user asks for it).</summary>
    Anyone,
}

/// <summary>
/// Who may connect to the embedded broker and where they may publish and subscribe.
/// A provisioned device connects with user name = client id = its device id and password = its secret, and may only
/// publish its own device-to-platform topics and subscribe under aiot/{its id}/. Clients without credentials are
/// anonymous, with full rights, and are let in per <paramref name="anonymous"/>, judged on each connection's own peer
/// address; never under the client id of a provisioned device. Each refusal is logged at Debug with its reason; the
/// broker sums them into its Information summary.
/// </summary>
public sealed class DeviceAccessPolicy(IGrainFactory grains, AnonymousAccess anonymous, ILogger logger)
{
    public AnonymousAccess Anonymous => anonymous;

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
            var allowed = anonymous switch
            {
                AnonymousAccess.Anyone => true,
                AnonymousAccess.LoopbackOnly => context.RemoteEndPoint is IPEndPoint { Address: var address } && IPAddress.IsLoopback(address),
                _ => false,
            };
            if (!allowed)
            {
                logger.LogDebug("Refused anonymous client {ClientId} from {Remote}: credentials are required ({Rule})", context.ClientId, context.RemoteEndPoint,
                    anonymous == AnonymousAccess.Never ? "anonymous access is off" : "anonymous clients are let in from this machine only");
                return MqttReasonCode.NotAuthorized;
            }

            // A provisioned device's client id is only ever used with its credentials.
            if (context.ClientId.Length > 0 && DeviceIds.Check(context.ClientId) is null && await grains.GetGrain<IDeviceCredentialsGrain>(context.ClientId).Exists())
            {
                logger.LogDebug("Refused {ClientId} from {Remote}: it is a provisioned device and sent no credentials", context.ClientId, context.RemoteEndPoint);
                return MqttReasonCode.NotAuthorized;
            }

            return MqttReasonCode.Success;
        }

        if (DeviceIds.Check(context.UserName) is not null)
        {
            // Not a device id at all: refused before any grain is asked, so bad logins cost no activation.
            logger.LogDebug("Refused {ClientId} from {Remote}: user name is not a device id", context.ClientId, context.RemoteEndPoint);
            return MqttReasonCode.BadUserNameOrPassword;
        }

        if (context.ClientId != context.UserName)
        {
            logger.LogDebug("Refused {ClientId} from {Remote}: a device connects with its device id as both client id and user name (user name was {UserName})", context.ClientId, context.RemoteEndPoint, context.UserName);
            return MqttReasonCode.ClientIdentifierNotValid;
        }

        var secret = context.Password is { } password ? Encoding.UTF8.GetString(password.Span) : "";
        if (secret.Length == 0 || !await grains.GetGrain<IDeviceCredentialsGrain>(context.UserName).Verify(secret))
        {
            logger.LogDebug("Refused {ClientId} from {Remote}: unknown device or wrong secret", context.ClientId, context.RemoteEndPoint);
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
