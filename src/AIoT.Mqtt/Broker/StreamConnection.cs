using System.IO.Pipelines;
using System.Net;

namespace AIoT.Mqtt.Broker;

/// <summary>A client over a stream: a WebSocket, a test pipe, or a TCP socket where the broker has no event loop of its own.</summary>
internal sealed class StreamConnection(MqttBroker broker, Stream stream, EndPoint? remote) : MqttConnection(broker, remote)
{
    // Zero-byte reads: the reader holds no buffer until data arrives.
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));

    public async Task RunAsync()
    {
        try
        {
            var handled = 0;
            while (!IsClosing)
            {
                if (IsPaused)
                {
                    // Held back by a congested subscriber: nothing is read, so the client's TCP window fills.
                    await WaitUntilResumedAsync();
                    continue;
                }

                var result = await _reader.ReadAsync();
                var buffer = result.Buffer;
                var keepGoing = true;
                try
                {
                    while (keepGoing && !result.IsCanceled && TryReadPacket(ref buffer, out var packet))
                    {
                        (keepGoing, var cost) = await HandleAndChargeAsync(packet);
                        handled += cost;
                    }
                }
                catch
                {
                    _reader.AdvanceTo(buffer.End);
                    throw;
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (!keepGoing || result.IsCompleted || result.IsCanceled)
                {
                    break;
                }

                if (handled >= FairnessBudget)
                {
                    // A client that always has data ready would otherwise keep this thread forever.
                    handled = 0;
                    await Task.Yield();
                }
            }
        }
        catch (Exception ex)
        {
            OnReadFailed(ex);
        }

        await EndAsync();
    }

    protected override void WakeReader()
    {
        SignalResumed();
        try
        {
            _reader.CancelPendingRead();
        }
        catch (InvalidOperationException)
        {
            // Completed meanwhile: the reader has ended.
        }
    }

    protected override void StartDrain() => _ = Task.Run(DrainAsync);

    private async Task DrainAsync()
    {
        OutboundBuffer? sending = null;
        try
        {
            while ((sending = NextToSend(sending)) is not null)
            {
                await sending.WriteToAsync(stream);
                await stream.FlushAsync();
            }
        }
        catch (Exception)
        {
            OnWriteFailed(sending);
        }
    }

    protected override async ValueTask CloseTransportAsync()
    {
        await _reader.CompleteAsync();
        await stream.DisposeAsync();
    }
}
