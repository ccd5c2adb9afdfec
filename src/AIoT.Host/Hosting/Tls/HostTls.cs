using Microsoft.Extensions.Logging;

namespace AIoT.Host.Hosting.Tls;

/// <summary>The certificate for --mqtts and --https: the user's (--tls-cert) or the self-signed one kept under the data folder; its fingerprint is logged at start.</summary>
internal static class HostTls
{
    public static TlsServerCertificate Load(HostSettings settings, ILogger logger, TimeProvider time)
    {
        TlsServerCertificate certificate;
        if (settings.TlsCert is { } given)
        {
            certificate = UserCertificate.Load(given, settings.TlsKey, settings.TlsPassword);
            logger.LogInformation("TLS certificate {Subject} from {Path}, valid until {NotAfter:yyyy-MM-dd}; SHA-256 fingerprint {Fingerprint}",
                certificate.Certificate.Subject, certificate.Source, certificate.Certificate.NotAfter.ToUniversalTime(), certificate.Fingerprint);
        }
        else
        {
            (certificate, var made) = SelfSignedCertificate.LoadOrMake(settings.TlsDirectory, time);
            logger.LogInformation("TLS certificate: self-signed, {How} {Path} (give devices this file as their CA, e.g. mosquitto_pub --cafile), valid until {NotAfter:yyyy-MM-dd}; SHA-256 fingerprint {Fingerprint}",
                made ? "made now and kept in" : "kept from an earlier run in", certificate.Source, certificate.Certificate.NotAfter.ToUniversalTime(), certificate.Fingerprint);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (certificate.Certificate.NotAfter.ToUniversalTime() < now || certificate.Certificate.NotBefore.ToUniversalTime() > now)
        {
            logger.LogWarning("The TLS certificate is valid only from {NotBefore:u} to {NotAfter:u}: clients will refuse it. Renew it, or give another with --tls-cert.",
                certificate.Certificate.NotBefore.ToUniversalTime(), certificate.Certificate.NotAfter.ToUniversalTime());
        }

        return certificate;
    }
}
