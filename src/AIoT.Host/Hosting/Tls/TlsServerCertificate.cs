using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AIoT.Host.Hosting.Tls;

/// <summary>The certificate --mqtts and --https present: the server's own (with its key), the intermediates sent after it, and where it came from.</summary>
internal sealed record TlsServerCertificate(X509Certificate2 Certificate, X509Certificate2Collection Chain, string Source)
{
    /// <summary>SHA-256 of the certificate, as `openssl x509 -noout -fingerprint -sha256` prints it.</summary>
    public string Fingerprint => Fingerprint256(Certificate);

    public static string Fingerprint256(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
