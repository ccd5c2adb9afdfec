using System.Buffers;
using System.Net.Sockets;
using System.Text;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;

namespace AIoT.Gateway.Tests.Support;

/// <summary>
/// A device with a small packet buffer, as Arduino PubSubClient is: MQTT 3.1.1, or 5.0 declaring a Maximum Packet Size.
/// It records the size on the wire of every PUBLISH it gets, so a test sees what a 256-byte buffer would have dropped.
/// </summary>
internal sealed class SmallDeviceClient : IDisposable
{
    private readonly TcpClient _tcp = new();
    private readonly List<byte> _received = [];
    private readonly MqttProtocolVersion _version;
    private NetworkStream _stream = null!;
    private ushort _nextPacketId;

    private SmallDeviceClient(MqttProtocolVersion version) => _version = version;

    public static async Task<SmallDeviceClient> ConnectAsync(int port, string deviceId, string secret, MqttProtocolVersion version, uint? maximumPacketSize = null)
    {
        var client = new SmallDeviceClient(version);
        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        await client.SendAsync(new MqttConnectPacket
        {
            ProtocolVersion = version,
            ClientId = deviceId,
            UserName = deviceId,
            Password = Encoding.UTF8.GetBytes(secret),
            KeepAliveSeconds = 60,
            Properties = maximumPacketSize is { } max ? new MqttProperties { MaximumPacketSize = max } : null,
        });
        var connAck = Assert.IsType<MqttConnAckPacket>((await client.ReceiveAsync()).Packet);
        Assert.Equal(MqttReasonCode.Success, connAck.ReasonCode);
        return client;
    }

    public async Task SubscribeAsync(string filter)
    {
        await SendAsync(new MqttSubscribePacket { PacketId = ++_nextPacketId, Subscriptions = [new MqttSubscription(filter, MqttQos.AtLeastOnce)] });
        var subAck = Assert.IsType<MqttSubAckPacket>((await ReceiveAsync()).Packet);
        Assert.Equal(MqttReasonCode.GrantedQos1, Assert.Single(subAck.ReasonCodes));
    }

    public Task PublishAsync(string topic, string payload) =>
        SendAsync(new MqttPublishPacket { Topic = topic, Payload = Encoding.UTF8.GetBytes(payload), Qos = MqttQos.AtMostOnce });

    /// <summary>The next PUBLISH and its size on the wire; a QoS 1 one is acknowledged, as a device does.</summary>
    public async Task<(MqttPublishPacket Publish, int WireBytes)> ReceivePublishAsync(int timeoutMs = 10_000)
    {
        while (true)
        {
            var (packet, bytes) = await ReceiveAsync(timeoutMs);
            if (packet is MqttPublishPacket publish)
            {
                if (publish.Qos == MqttQos.AtLeastOnce)
                {
                    await SendAsync(new MqttPublishAckPacket(MqttPacketType.PubAck) { PacketId = publish.PacketId });
                }

                return (publish, bytes);
            }
        }
    }

    private async Task SendAsync(MqttPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.Write(packet, _version, buffer);
        await _stream.WriteAsync(buffer.WrittenMemory);
    }

    private async Task<(MqttPacket Packet, int WireBytes)> ReceiveAsync(int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var chunk = new byte[4096];
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_received.ToArray());
            var before = sequence.Length;
            if (MqttPacketReader.TryRead(ref sequence, _version, uint.MaxValue, out var packet))
            {
                var wireBytes = (int)(before - sequence.Length);
                _received.RemoveRange(0, wireBytes);
                return (packet, wireBytes);
            }

            var read = await _stream.ReadAsync(chunk, timeout.Token);
            Assert.True(read > 0, "the broker closed the connection");
            _received.AddRange(chunk.AsSpan(0, read));
        }
    }

    public void Dispose() => _tcp.Dispose();
}
