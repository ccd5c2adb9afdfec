using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AIoT.Gateway.Tests.Support;

/// <summary>A throwaway CA and a broker certificate it issued for 127.0.0.1, as PEM files in a temp folder.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aiot-tls-").FullName;

    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=aiot test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var brokerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var brokerRequest = new CertificateRequest("CN=127.0.0.1", brokerKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        brokerRequest.CertificateExtensions.Add(names.Build());
        brokerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        brokerRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        brokerRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        brokerRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var broker = brokerRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), [1, 2, 3, 4, 5, 6, 7, 8]);

        CaFile = Write("ca.pem", ca.ExportCertificatePem());
        BrokerCertFile = Write("broker.pem", broker.ExportCertificatePem());
        BrokerKeyFile = Write("broker.key", brokerKey.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            // Mosquitto started as root reads its certificate after dropping to its own user; a throwaway key may be readable.
            const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            File.SetUnixFileMode(_folder, Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            foreach (var file in new[] { CaFile, BrokerCertFile, BrokerKeyFile })
            {
                File.SetUnixFileMode(file, Readable);
            }
        }

        BrokerFingerprint = broker.GetCertHashString(HashAlgorithmName.SHA256);
    }

    public string CaFile { get; }

    public string BrokerCertFile { get; }

    public string BrokerKeyFile { get; }

    /// <summary>SHA-256 of the broker's certificate, hex without colons.</summary>
    public string BrokerFingerprint { get; }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, pem);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
