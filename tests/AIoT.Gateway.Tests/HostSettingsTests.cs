using AIoT.Host.Hosting;

namespace AIoT.Gateway.Tests;

/// <summary>--broker and its TLS options: a wrong combination is refused before anything starts, naming the option.</summary>
public sealed class HostSettingsTests
{
    [Theory]
    [InlineData("http://broker:1883", null, null, "--broker: 'http://broker:1883' is not an mqtt://host:port or mqtts://host:port address.")]
    [InlineData("mqtt://broker:1883", null, "AB", "--broker-ca and --broker-fingerprint check a TLS certificate, and mqtt://broker:1883 is plain MQTT: use mqtts://.")]
    [InlineData(null, "/no/such/ca.pem", null, "--broker-ca and --broker-fingerprint are for an external broker: give it with --broker mqtts://host:port.")]
    [InlineData("mqtts://broker", null, "12:34", "--broker-fingerprint: '12:34' is not a SHA-256 fingerprint (64 hex digits, colons allowed).")]
    public void A_wrong_external_broker_setting_names_the_option(string? broker, string? ca, string? fingerprint, string expected)
    {
        var settings = new HostSettings { ExternalBroker = broker, ExternalBrokerCaFile = ca, ExternalBrokerFingerprint = fingerprint };
        Assert.Equal(expected, settings.Validate());
    }

    [Fact]
    public void A_missing_ca_file_is_named_and_a_good_mqtts_setting_passes()
    {
        var missing = new HostSettings { ExternalBroker = "mqtts://broker", ExternalBrokerCaFile = "/no/such/ca.pem" }.Validate();
        Assert.StartsWith("--broker-ca: cannot read the CA certificates in '/no/such/ca.pem'", missing, StringComparison.Ordinal);

        Assert.Null(new HostSettings { ExternalBroker = "mqtts://user:secret@broker", ExternalBrokerFingerprint = new string('a', 64) }.Validate());
        Assert.Equal(8883, AIoT.Gateway.BrokerClient.BrokerAddress.Parse("mqtts://broker").Port);
    }
}
