using System.Text;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>A crowd of refused or broken clients reads as one Information line per interval; each client's own line is at Debug.</summary>
public sealed class LogSummaryTests
{
    [Fact]
    public async Task Refused_and_broken_clients_are_summed_into_one_information_line_per_interval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new CapturingLogger<MqttBroker>();
        var options = new MqttBrokerOptions
        {
            Port = 0,
            Authenticate = context => ValueTask.FromResult(context.UserName == "owner" ? MqttReasonCode.Success : MqttReasonCode.BadUserNameOrPassword),
        };
        await using var broker = new MqttBroker(options, log, time);
        await broker.StartAsync();

        for (var i = 0; i < 20; i++)
        {
            var (refused, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
            {
                ProtocolVersion = MqttProtocolVersion.V500,
                ClientId = $"guess-{i}",
                UserName = "guess",
                Password = Encoding.UTF8.GetBytes("wrong"),
            }, expectSuccess: false);
            refused.Dispose();
            Assert.Equal(MqttReasonCode.BadUserNameOrPassword, connAck.ReasonCode);
        }

        var (broken, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ProtocolVersion = MqttProtocolVersion.V500, ClientId = "broken", UserName = "owner" });
        using (broken)
        {
            // Packet type 0 is reserved: a protocol error.
            await broken.SendRawAsync([0x00, 0x00]);
            Assert.IsType<MqttDisconnectPacket>(await broken.ReceiveAsync());
        }

        Assert.Equal(20, log.Lines.Count(l => l.Level == LogLevel.Debug && l.Message.StartsWith("Refused guess-", StringComparison.Ordinal)));
        Assert.Single(log.Lines, l => l.Level == LogLevel.Debug && l.Message.StartsWith("Closing broken", StringComparison.Ordinal));
        var informationBefore = log.Lines.Count(l => l.Level == LogLevel.Information);

        time.Advance(MqttBrokerOptions.DefaultLogSummaryInterval);

        var summary = Assert.Single(log.Lines.Where(l => l.Level == LogLevel.Information).Skip(informationBefore));
        Assert.Equal("20 connections refused for their credentials in the last 10 s; 1 connection closed for a protocol error", summary.Message);
        Assert.DoesNotContain(log.Lines, l => l.Level > LogLevel.Debug && (l.Message.StartsWith("Refused", StringComparison.Ordinal) || l.Message.StartsWith("Closing", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_log_summary_interval_that_is_not_positive_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new MqttBroker(new MqttBrokerOptions { LogSummaryInterval = TimeSpan.Zero }));
        Assert.Contains("LogSummaryInterval", error.Message, StringComparison.Ordinal);
    }
}
