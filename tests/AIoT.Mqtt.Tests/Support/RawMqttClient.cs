using System.Buffers;
using System.Net.Sockets;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Tests.Support;

/// <summary>A bare socket that sends exactly the bytes a test gives it, and decodes what comes back.</summary>
internal sealed class RawMqttClient : IDisposable
{
    private readonly TcpClient _tcp = new();
    private readonly List<byte> _received = [];
    private NetworkStream _stream = null!;

    public MqttProtocolVersion Version { get; set; } = MqttProtocolVersion.V311;

    public System.Net.EndPoint? LocalEndPoint => _tcp.Client.LocalEndPoint;

    public static async Task<RawMqttClient> ConnectAsync(int port, MqttProtocolVersion version, string clientId, ushort keepAlive = 60) =>
        (await ConnectAsync(port, new MqttConnectPacket { ProtocolVersion = version, ClientId = clientId, KeepAliveSeconds = keepAlive })).Client;

    /// <summary>Connects with a CONNECT of the test's making; asserts success and returns the CONNACK too.</summary>
    /// <remarks>A small <paramref name="receiveBufferSize"/> makes a client that cannot take much before the server's sends block.</remarks>
    public static async Task<(RawMqttClient Client, MqttConnAckPacket ConnAck)> ConnectAsync(int port, MqttConnectPacket connect, bool expectSuccess = true, int? receiveBufferSize = null)
    {
        var client = new RawMqttClient { Version = connect.ProtocolVersion };
        if (receiveBufferSize is { } size)
        {
            client._tcp.ReceiveBufferSize = size;
        }

        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        await client.SendAsync(connect);
        var connAck = Assert.IsType<MqttConnAckPacket>(await client.ReceiveAsync());
        if (expectSuccess)
        {
            Assert.Equal(MqttReasonCode.Success, connAck.ReasonCode);
        }

        return (client, connAck);
    }

    public static async Task<RawMqttClient> OpenAsync(int port)
    {
        var client = new RawMqttClient();
        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        return client;
    }

    public async Task SendAsync(MqttPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.Write(packet, Version, buffer);
        await _stream.WriteAsync(buffer.WrittenMemory);
    }

    public Task SendRawAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>The next packet, or null when the server closed the connection.</summary>
    public async Task<MqttPacket?> ReceiveAsync(int timeoutMs = 5000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var chunk = new byte[4096];
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_received.ToArray());
            if (MqttPacketReader.TryRead(ref sequence, Version, uint.MaxValue, out var packet))
            {
                _received.RemoveRange(0, _received.Count - (int)sequence.Length);
                return packet;
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(chunk, timeout.Token);
            }
            catch (IOException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            _received.AddRange(chunk.AsSpan(0, read));
        }
    }

    public void Dispose() => _tcp.Dispose();
}
