using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Bench;

/// <summary>A lean load-generating connection: our codec over a socket, no client-side bookkeeping beyond counting.</summary>
internal sealed class LoadConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;

    private LoadConnection(Stream stream)
    {
        _stream = stream;
        _reader = PipeReader.Create(_stream);
    }

    public long Received;

    /// <param name="tls">Over TLS, trusting whatever certificate the broker shows (loopback benchmarks only).</param>
    public static async Task<LoadConnection> ConnectAsync(int port, string clientId, ushort keepAlive = 0, bool tls = false)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (tls)
        {
            var secure = new SslStream(stream, leaveInnerStreamOpen: false, userCertificateValidationCallback: (_, _, _, _) => true);
            await secure.AuthenticateAsClientAsync("127.0.0.1");
            stream = secure;
        }

        var connection = new LoadConnection(stream);
        await connection.SendAsync(new MqttConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = clientId, KeepAliveSeconds = keepAlive });
        var answer = await connection.ReadAsync();
        if (answer is not MqttConnAckPacket { ReasonCode: MqttReasonCode.Success })
        {
            throw new InvalidOperationException($"{clientId} was not accepted: {(answer is null ? "the broker closed the connection" : answer.ToString())}.");
        }

        return connection;
    }

    public async Task SubscribeAsync(string filter, MqttQos qos)
    {
        await SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new(filter, qos)] });
        if (await ReadAsync() is not MqttSubAckPacket)
        {
            throw new InvalidOperationException("No SUBACK.");
        }
    }

    public async Task SendAsync(MqttPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        MqttPacketWriter.Write(packet, MqttProtocolVersion.V311, buffer);
        await _stream.WriteAsync(buffer.WrittenMemory);
    }

    public Task SendRawAsync(ReadOnlyMemory<byte> bytes) => _stream.WriteAsync(bytes).AsTask();

    public async Task<MqttPacket?> ReadAsync()
    {
        while (true)
        {
            var result = await _reader.ReadAsync();
            var buffer = result.Buffer;
            if (MqttPacketReader.TryRead(ref buffer, MqttProtocolVersion.V311, uint.MaxValue, out var packet))
            {
                _reader.AdvanceTo(buffer.Start);
                return packet;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Counts PUBLISH packets (acknowledging QoS 1) and PUBACKs until cancelled; calls back with each publish's payload.
    /// The acknowledgements for one read go out in one write, as a client that keeps up with a busy broker does.
    /// </summary>
    public async Task CountAsync(Action<ReadOnlyMemory<byte>>? onPublish, Action? onPubAck, CancellationToken stop)
    {
        var acks = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await _reader.ReadAsync(stop);
                var buffer = result.Buffer;
                acks.ResetWrittenCount();
                while (MqttPacketReader.TryRead(ref buffer, MqttProtocolVersion.V311, uint.MaxValue, out var packet))
                {
                    switch (packet)
                    {
                        case MqttPublishPacket publish:
                            Interlocked.Increment(ref Received);
                            onPublish?.Invoke(publish.Payload);
                            if (publish.Qos == MqttQos.AtLeastOnce)
                            {
                                MqttPacketWriter.Write(new MqttPublishAckPacket(MqttPacketType.PubAck) { PacketId = publish.PacketId }, MqttProtocolVersion.V311, acks);
                            }

                            break;
                        case MqttPublishAckPacket:
                            onPubAck?.Invoke();
                            break;
                    }
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (acks.WrittenCount > 0)
                {
                    await _stream.WriteAsync(acks.WrittenMemory, stop);
                }

                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
    }
}
