using System.Diagnostics.Metrics;
using AIoT.Gateway.Diagnostics;
using AIoT.Mqtt.Diagnostics;
using AIoT.Scenes.Diagnostics;

namespace AIoT.Host.Web.Live;

/// <summary>Running sums of the counters the dashboard shows as rates, read from the same instruments OpenTelemetry exports.</summary>
internal sealed class MeterRates : IDisposable
{
    private const string SceneFirings = "aiot.scenes.firings";

    private readonly MeterListener _listener = new();
    private long _brokerMessages;
    private long _gatewayMessages;
    private long _firings;

    public MeterRates()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((instrument.Meter.Name, instrument.Name) is (MqttMetricNames.MeterName, MqttMetricNames.MessagesReceived)
                or (GatewayMetricNames.MeterName, GatewayMetricNames.MessagesReceived)
                or (SceneTelemetry.Name, SceneFirings))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case MqttMetricNames.MessagesReceived:
                    Interlocked.Add(ref _brokerMessages, value);
                    break;
                case GatewayMetricNames.MessagesReceived:
                    Interlocked.Add(ref _gatewayMessages, value);
                    break;
                case SceneFirings:
                    Interlocked.Add(ref _firings, value);
                    break;
            }
        });
        _listener.Start();
    }

    /// <summary>MQTT messages received: by the embedded broker when there is one, else by the gateway from the external broker.</summary>
    public long Messages(bool embeddedBroker) => embeddedBroker ? Interlocked.Read(ref _brokerMessages) : Interlocked.Read(ref _gatewayMessages);

    public long Firings => Interlocked.Read(ref _firings);

    public void Dispose() => _listener.Dispose();
}
