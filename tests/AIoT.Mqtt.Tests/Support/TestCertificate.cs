using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AIoT.Mqtt.Tests.Support;

/// <summary>A self-signed server certificate for 127.0.0.1 and localhost, with its PEM written to a temporary file to give clients as their CA.</summary>
internal sealed class TestCertificate : IDisposable
{
    private TestCertificate(X509Certificate2 certificate, string pemPath)
    {
        Certificate = certificate;
        PemPath = pemPath;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate alone (no key), as mosquitto's --cafile and MQTT.js's ca take it.</summary>
    public string PemPath { get; }

    public static TestCertificate Create()
    {
        var certificate = CreateSelfSigned("CN=aiot-test");
        var pemPath = Path.Combine(Path.GetTempPath(), $"aiot-test-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(pemPath, certificate.ExportCertificatePem() + "\n");
        return new TestCertificate(certificate, pemPath);
    }

    /// <summary>Its own CA (path length 0), so clients can be given the certificate itself as the CA to trust.</summary>
    public static X509Certificate2 CreateSelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    public void Dispose()
    {
        File.Delete(PemPath);
        Certificate.Dispose();
    }
}
