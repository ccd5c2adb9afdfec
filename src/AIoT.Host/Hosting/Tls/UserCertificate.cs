using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AIoT.Host.Hosting.Tls;

/// <summary>Loads the certificate the user gives with --tls-cert: PEM (a chain such as Let's Encrypt's fullchain.pem, the key in --tls-key or in the same file) or PFX.</summary>
internal static class UserCertificate
{
    private const string Help = "Give the server certificate as a PEM file (its key in --tls-key, or in the same file) or as a PFX (with --tls-password if it has one), or leave --tls-cert out for a self-signed certificate.";

    public static TlsServerCertificate Load(string certPath, string? keyPath, string? password)
    {
        certPath = Path.GetFullPath(certPath);
        if (!File.Exists(certPath))
        {
            throw new HostStartException($"--tls-cert: {certPath} does not exist. {Help}");
        }

        if (keyPath is not null)
        {
            keyPath = Path.GetFullPath(keyPath);
            if (!File.Exists(keyPath))
            {
                throw new HostStartException($"--tls-key: {keyPath} does not exist. Give the PEM file of the private key that belongs to the certificate in --tls-cert.");
            }
        }

        string certText;
        try
        {
            certText = IsPem(certPath) ? File.ReadAllText(certPath) : "";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HostStartException($"--tls-cert: {certPath} cannot be read: {ex.Message}", ex);
        }

        return certText.Length > 0 ? LoadPem(certPath, certText, keyPath, password) : LoadPfx(certPath, keyPath, password);
    }

    private static bool IsPem(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[64];
        var read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        return System.Text.Encoding.ASCII.GetString(start[..read]).TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);
    }

    private static TlsServerCertificate LoadPfx(string path, string? keyPath, string? password)
    {
        if (keyPath is not null)
        {
            throw new HostStartException($"--tls-key: {path} is a PFX, which holds its own key; leave --tls-key out.");
        }

        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.DefaultKeySet);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HostStartException($"--tls-cert: {path} cannot be read: {ex.Message}", ex);
        }
        catch (CryptographicException ex)
        {
            if (!IsPkcs12(path))
            {
                throw new HostStartException($"--tls-cert: {path} is neither a PEM certificate nor a PFX ({ex.Message.TrimEnd('.')}). {Help}", ex);
            }

            throw new HostStartException(string.IsNullOrEmpty(password)
                ? $"--tls-password: the PFX {path} cannot be opened without a password ({ex.Message.TrimEnd('.')}); give it with --tls-password (or AIOT_TLS_PASSWORD)."
                : $"--tls-password: the PFX {path} cannot be opened with the password given ({ex.Message.TrimEnd('.')}); give the right one.", ex);
        }

        var own = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new HostStartException($"--tls-cert: the PFX {path} holds no private key; export it with the key, or give a PEM certificate with --tls-key.");
        return new TlsServerCertificate(own, [.. all.Where(c => c != own)], path);
    }

    private static bool IsPkcs12(string path)
    {
        try
        {
            return X509Certificate2.GetCertContentType(path) == X509ContentType.Pkcs12;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static TlsServerCertificate LoadPem(string certPath, string certText, string? keyPath, string? password)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(certText);
        }
        catch (CryptographicException ex)
        {
            throw new HostStartException($"--tls-cert: {certPath} holds no readable certificate ({ex.Message.TrimEnd('.')}). {Help}", ex);
        }

        if (chain.Count == 0)
        {
            throw new HostStartException($"--tls-cert: {certPath} holds no certificate (no -----BEGIN CERTIFICATE----- block). {Help}");
        }

        // By convention (and Let's Encrypt's fullchain.pem) the server's own certificate comes first, intermediates after it.
        var leaf = chain[0];
        chain.RemoveAt(0);
        var keySource = keyPath ?? certPath;
        var keyText = keyPath is null ? certText : ReadKey(keyPath);
        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new HostStartException(keyPath is null
                ? $"--tls-key: {certPath} holds no private key; give the key's PEM file with --tls-key."
                : $"--tls-key: {keyPath} holds no PEM private key (no -----BEGIN ... PRIVATE KEY----- block).");
        }

        var encrypted = keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (encrypted && string.IsNullOrEmpty(password))
        {
            throw new HostStartException($"--tls-password: the private key in {keySource} is encrypted; give its password with --tls-password.");
        }

        var withKey = Attach(leaf, keyText, encrypted ? password : null, keySource, certPath);
        if (OperatingSystem.IsWindows())
        {
            // SslStream on Windows cannot use a key that lives only in memory; a PKCS#12 round trip gives it a stored one.
            withKey = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }

        return new TlsServerCertificate(withKey, chain, certPath);
    }

    private static string ReadKey(string keyPath)
    {
        try
        {
            return File.ReadAllText(keyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HostStartException($"--tls-key: {keyPath} cannot be read: {ex.Message}", ex);
        }
    }

    private static X509Certificate2 Attach(X509Certificate2 leaf, string keyText, string? password, string keySource, string certPath)
    {
        using var rsa = leaf.GetRSAPublicKey();
        using var ecdsa = rsa is null ? leaf.GetECDsaPublicKey() : null;
        if (rsa is null && ecdsa is null)
        {
            throw new HostStartException($"--tls-cert: the certificate in {certPath} has a key type other than RSA or ECDSA, which this host cannot use.");
        }

        AsymmetricAlgorithm key = rsa is not null ? RSA.Create() : ECDsa.Create();
        try
        {
            try
            {
                if (password is not null)
                {
                    key.ImportFromEncryptedPem(keyText, password);
                }
                else
                {
                    key.ImportFromPem(keyText);
                }
            }
            catch (ArgumentException ex)
            {
                throw new HostStartException($"--tls-key: {keySource} holds no {(rsa is not null ? "RSA" : "ECDSA")} private key, the certificate's key type ({ex.Message.TrimEnd('.')}).", ex);
            }
            catch (CryptographicException ex)
            {
                throw new HostStartException(password is not null
                    ? $"--tls-password: the private key in {keySource} cannot be decrypted with the password given ({ex.Message.TrimEnd('.')}); give the right one."
                    : $"--tls-key: the private key in {keySource} cannot be read ({ex.Message.TrimEnd('.')}).", ex);
            }

            try
            {
                return key is RSA rsaKey ? leaf.CopyWithPrivateKey(rsaKey) : leaf.CopyWithPrivateKey((ECDsa)key);
            }
            catch (ArgumentException ex)
            {
                throw new HostStartException($"--tls-key: the key in {keySource} does not belong to the certificate in {certPath}. Give the matching key (from Let's Encrypt: privkey.pem beside fullchain.pem).", ex);
            }
        }
        finally
        {
            key.Dispose();
        }
    }
}
