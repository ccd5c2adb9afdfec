using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AIoT.Host.Hosting.Tls;

/// <summary>
/// The certificate used when no --tls-cert is given: made on the first run that needs one, kept in the data folder and
/// reused, so that devices given its file as their CA (mosquitto's --cafile, MQTT.js's ca) keep trusting the host.
/// </summary>
internal static class SelfSignedCertificate
{
    public const string CertificateFile = "aiot-cert.pem";
    public const string KeyFile = "aiot-key.pem";

    /// <summary>Long enough that devices are not re-provisioned often; a new one is made only once this has run out.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(5 * 365);

    public static (TlsServerCertificate Certificate, bool Made) LoadOrMake(string folder, TimeProvider time)
    {
        var certPath = Path.Combine(folder, CertificateFile);
        var keyPath = Path.Combine(folder, KeyFile);
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            var kept = Load(folder, certPath, keyPath);
            if (kept.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime)
            {
                return (new TlsServerCertificate(kept, [], certPath), false);
            }
        }

        var made = Make(time.GetUtcNow());
        Save(made, folder, certPath, keyPath);
        return (new TlsServerCertificate(made, [], certPath), true);
    }

    private static X509Certificate2 Load(string folder, string certPath, string keyPath)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new HostStartException(
                $"--data: the self-signed TLS certificate in {folder} cannot be read ({ex.Message.TrimEnd('.')}). Delete {certPath} and {keyPath} to have a new one made (devices then need the new {CertificateFile}), or give your own with --tls-cert.", ex);
        }
    }

    public static X509Certificate2 Make(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("AIoT Ecosystem (self-signed)");
        subject.AddCommonName($"aiot {Environment.MachineName}");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        if (Uri.CheckHostName(Environment.MachineName) == UriHostNameType.Dns && !Environment.MachineName.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            names.AddDnsName(Environment.MachineName);
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        // Its own trust anchor: a client given this file as CA (OpenSSL, Node, .NET) accepts it as root and server alike.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var keyIdentifier = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(keyIdentifier);
        // Strict verifiers (OpenSSL's X509_STRICT, Python 3.13's default) want both identifiers.
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(keyIdentifier));
        // A day back, so a device whose clock runs late does not find it not yet valid.
        return request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity));
    }

    private static void Save(X509Certificate2 certificate, string folder, string certPath, string keyPath)
    {
        try
        {
            Directory.CreateDirectory(folder);
            using var key = certificate.GetRSAPrivateKey()!;
            // The key is written readable by this user only (600) from its first byte, then moved into place.
            WriteFile(keyPath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            WriteFile(certPath, certificate.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HostStartException($"--data: cannot write the self-signed TLS certificate to {folder}: {ex.Message} Give a writable --data folder, or your own certificate with --tls-cert.", ex);
        }
    }

    private static void WriteFile(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".new";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var file = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            file.Write(text);
            file.Write('\n');
        }

        File.Move(temporary, path, overwrite: true);
    }
}
