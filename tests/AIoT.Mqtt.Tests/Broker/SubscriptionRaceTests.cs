using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>
/// Subscription changes racing each other on two threads, as they do when a gateway node leaves its $share group
/// while another joins, or when two devices configured with one client id keep taking each other's session over.
/// Many short rounds, each started together on both threads, because the windows are a few instructions wide; bounded
/// in time too, as a loaded machine makes each hand-over between the threads slow.
/// </summary>
public sealed class SubscriptionRaceTests
{
    private const int Rounds = 20_000;
    private static readonly TimeSpan RoundsBudget = TimeSpan.FromSeconds(3);
    private const string Filter = "aiot/+/report";
    private const string SharedFilter = "$share/gateways/aiot/+/report";

    [Fact]
    public async Task A_member_joining_as_the_last_one_leaves_still_gets_the_groups_messages()
    {
        await using var broker = await TestBroker.StartAsync();
        var failures = new List<string>();
        await RaceAsync(
            round =>
            {
                var leaver = new MqttSession($"leaver-{round}", broker);
                broker.Subscribe(leaver, new MqttSubscription(SharedFilter, MqttQos.AtLeastOnce), null, "gateways", Filter);
                return (leaver, new MqttSession($"joiner-{round}", broker));
            },
            sessions => broker.Unsubscribe(sessions.Item1, SharedFilter),
            sessions => broker.Subscribe(sessions.Item2, new MqttSubscription(SharedFilter, MqttQos.AtLeastOnce), null, "gateways", Filter),
            async (round, sessions) =>
            {
                await broker.PublishAsync(new MqttMessage { Topic = "aiot/lamp/report", Payload = new[] { (byte)1 }, Qos = MqttQos.AtLeastOnce });
                int queued;
                lock (sessions.Item2.Gate)
                {
                    queued = sessions.Item2.Queue.Count;
                }

                if (queued != 1 || broker.SubscriptionCount != 1)
                {
                    failures.Add($"round {round}: the joiner holds {queued} message(s), the broker counts {broker.SubscriptionCount} subscription(s)");
                }

                broker.Unsubscribe(sessions.Item2, SharedFilter);
            });

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
        Assert.Equal(0, broker.SubscriptionCount);
    }

    [Theory]
    [InlineData(Filter, null)]
    [InlineData(SharedFilter, "gateways")]
    public async Task A_subscribe_racing_the_discard_of_its_session_leaves_nothing_behind(string filter, string? group)
    {
        await using var broker = await TestBroker.StartAsync();
        var failures = new List<string>();
        await RaceAsync(
            round => new MqttSession($"twin-{round}", broker),
            session => broker.Subscribe(session, new MqttSubscription(filter, MqttQos.AtLeastOnce), null, group, Filter),
            session => broker.DiscardSubscriptions(session),
            (round, session) =>
            {
                if (broker.SubscriptionCount != 0)
                {
                    failures.Add($"round {round}: {broker.SubscriptionCount} subscription(s) outlived their discarded session");
                    broker.Unsubscribe(session, filter);
                }

                return Task.CompletedTask;
            });

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    /// <summary>Each round: arrange, then both actions released at once on two threads, then check.</summary>
    private static async Task RaceAsync<T>(Func<int, T> arrange, Action<T> first, Action<T> second, Func<int, T, Task> check)
    {
        using var start = new Barrier(2);
        using var done = new Barrier(2);
        var state = default(T)!;
        var finished = false;
        var other = new Thread(() =>
        {
            while (true)
            {
                start.SignalAndWait();
                if (Volatile.Read(ref finished))
                {
                    return;
                }

                second(state);
                done.SignalAndWait();
            }
        });
        other.Start();
        var deadline = Environment.TickCount64 + (long)RoundsBudget.TotalMilliseconds;
        for (var round = 0; round < Rounds && Environment.TickCount64 < deadline; round++)
        {
            state = arrange(round);
            start.SignalAndWait();
            first(state);
            done.SignalAndWait();
            await check(round, state);
        }

        Volatile.Write(ref finished, true);
        start.SignalAndWait();
        other.Join();
    }
}
