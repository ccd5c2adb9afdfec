using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AIoT.Gateway.BrokerClient;

/// <summary>
/// Which TLS certificates a broker may present: by default those the system trusts for the broker's host name;
/// with a CA file, those issued by it (for the broker's host name); with a fingerprint, exactly that certificate,
/// whoever issued it (a self-signed broker certificate, as the host makes on first run).
/// </summary>
public sealed class BrokerTrust
{
    private readonly X509Certificate2Collection? _authorities;
    private readonly string? _fingerprint;

    private BrokerTrust(X509Certificate2Collection? authorities, string? fingerprint)
    {
        _authorities = authorities;
        _fingerprint = fingerprint;
    }

    public static BrokerTrust System { get; } = new(null, null);

    /// <summary>Why the last certificate was refused, for the connect error.</summary>
    public string? LastRefusal { get; private set; }

    /// <param name="caFile">PEM file of the certificate authorities to trust, or null.</param>
    /// <param name="fingerprint">SHA-256 fingerprint of the one certificate to accept (hex, colons allowed), or null.</param>
    /// <exception cref="BrokerTrustException">The file cannot be read or holds no certificate, or the fingerprint is not 64 hex digits.</exception>
    public static BrokerTrust Create(string? caFile, string? fingerprint)
    {
        if (caFile is null && fingerprint is null)
        {
            return System;
        }

        X509Certificate2Collection? authorities = null;
        if (caFile is not null)
        {
            authorities = [];
            try
            {
                authorities.ImportFromPemFile(caFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new BrokerTrustException(BrokerTrustInput.CaFile, $"cannot read the CA certificates in '{caFile}': {ex.Message}", ex);
            }

            if (authorities.Count == 0)
            {
                throw new BrokerTrustException(BrokerTrustInput.CaFile, $"'{caFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
            }
        }

        string? normalised = null;
        if (fingerprint is not null)
        {
            normalised = fingerprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            if (normalised.Length != 64 || !normalised.All(char.IsAsciiHexDigit))
            {
                throw new BrokerTrustException(BrokerTrustInput.Fingerprint, $"'{fingerprint}' is not a SHA-256 fingerprint (64 hex digits, colons allowed).");
            }
        }

        return new BrokerTrust(authorities, normalised);
    }

    public bool Accepts(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            LastRefusal = "the broker presented no certificate";
            return false;
        }

        var presented = Fingerprint(certificate);
        if (_fingerprint is not null && presented == _fingerprint)
        {
            return true;
        }

        if (_authorities is null)
        {
            if (_fingerprint is null && errors == SslPolicyErrors.None)
            {
                return true;
            }

            LastRefusal = _fingerprint is null
                ? $"the broker's certificate (SHA-256 {presented}) is not trusted ({errors}); trust its CA with --broker-ca or pin it with --broker-fingerprint"
                : $"the broker's certificate has SHA-256 {presented}, not the pinned {_fingerprint}";
            return false;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            LastRefusal = $"the broker's certificate (SHA-256 {presented}) is not issued for the host name connected to";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        if (chain.Build(leaf))
        {
            return true;
        }

        LastRefusal = $"the broker's certificate (SHA-256 {presented}) is not issued by the CA given with --broker-ca: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))}";
        return false;
    }

    private static string Fingerprint(X509Certificate certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256).ToUpperInvariant();
}
