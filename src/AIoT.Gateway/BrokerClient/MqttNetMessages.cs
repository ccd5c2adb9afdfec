using System.Buffers;
using System.Text;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;
using MQTTnet;
using MQTTnet.Protocol;

namespace AIoT.Gateway.BrokerClient;

/// <summary>Our <see cref="MqttMessage"/> to MQTTnet's application message and back, with the 5.0 properties the contract uses.</summary>
internal static class MqttNetMessages
{
    public static MqttApplicationMessage ToApplicationMessage(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, MqttProperties? properties)
    {
        var message = new MqttApplicationMessage
        {
            Topic = topic,
            Payload = new ReadOnlySequence<byte>(payload),
            QualityOfServiceLevel = (MqttQualityOfServiceLevel)qos,
            Retain = retain,
        };
        if (properties is null)
        {
            return message;
        }

        message.ResponseTopic = properties.ResponseTopic;
        message.CorrelationData = properties.CorrelationData?.ToArray();
        message.ContentType = properties.ContentType;
        message.MessageExpiryInterval = properties.MessageExpiryInterval ?? 0;
        message.PayloadFormatIndicator = properties.PayloadFormatIndicator == 1 ? MqttPayloadFormatIndicator.CharacterData : MqttPayloadFormatIndicator.Unspecified;
        message.UserProperties = properties.UserProperties?.Select(p => new MQTTnet.Packets.MqttUserProperty(p.Name, Encoding.UTF8.GetBytes(p.Value).AsMemory())).ToList();
        return message;
    }

    /// <summary>The payload is copied: the message outlives MQTTnet's handler, which may reuse its buffers.</summary>
    public static MqttMessage ToMessage(MqttApplicationMessage message) => new()
    {
        Topic = message.Topic,
        Payload = message.Payload.ToArray(),
        Qos = (MqttQos)message.QualityOfServiceLevel,
        Retain = message.Retain,
        Properties = PropertiesOf(message),
    };

    private static MqttProperties? PropertiesOf(MqttApplicationMessage message)
    {
        if (message.ResponseTopic is null && message.CorrelationData is null && message.ContentType is null && message.MessageExpiryInterval == 0
            && message.PayloadFormatIndicator == MqttPayloadFormatIndicator.Unspecified && message.UserProperties is not { Count: > 0 } && message.SubscriptionIdentifiers is not { Count: > 0 })
        {
            return null;
        }

        return new MqttProperties
        {
            ResponseTopic = message.ResponseTopic,
            CorrelationData = message.CorrelationData is { } correlation ? correlation : null,
            ContentType = message.ContentType,
            MessageExpiryInterval = message.MessageExpiryInterval == 0 ? null : message.MessageExpiryInterval,
            PayloadFormatIndicator = message.PayloadFormatIndicator == MqttPayloadFormatIndicator.CharacterData ? (byte)1 : null,
            UserProperties = message.UserProperties is { Count: > 0 } users ? [.. users.Select(p => new MqttUserProperty(p.Name, MQTTnet.Packets.MqttUserPropertyExtensions.ReadValueAsString(p)))] : null,
            SubscriptionIdentifiers = message.SubscriptionIdentifiers is { Count: > 0 } ids ? [.. ids] : null,
        };
    }
}
