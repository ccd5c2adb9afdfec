using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AIoT.Gateway.Provisioning;

/// <summary>
/// Device secrets are stored as salted hashes, never as the secret: "sha256$salt$hash". A secret is 192 random bits,
/// not a password a person chose, so a slow password hash adds nothing against guessing and would cap registration
/// at a few hundred devices per second per core; one SHA-256 over salt and secret is enough. Hashes written before,
/// "pbkdf2-sha256$iterations$salt$hash", still verify.
/// </summary>
public static class SecretHasher
{
    private const string Scheme = "sha256";
    private const string LegacyScheme = "pbkdf2-sha256";
    private const int SecretBytes = 24;
    private const int SaltBytes = 16;

    /// <summary>A fresh secret for a device: 24 random bytes, base64url (32 characters, no padding, safe to type into firmware).</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return string.Join('$', Scheme, Convert.ToBase64String(salt), Convert.ToBase64String(Digest(salt, secret)));
    }

    public static bool Verify(string secret, string stored)
    {
        var parts = stored.Split('$');
        try
        {
            if (parts is [Scheme, var salt, var hash])
            {
                return CryptographicOperations.FixedTimeEquals(Digest(Convert.FromBase64String(salt), secret), Convert.FromBase64String(hash));
            }

            if (parts is [LegacyScheme, var rounds, var legacySalt, var legacyHash]
                && int.TryParse(rounds, CultureInfo.InvariantCulture, out var iterations) && iterations >= 1)
            {
                var expected = Convert.FromBase64String(legacyHash);
                var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), Convert.FromBase64String(legacySalt), iterations, HashAlgorithmName.SHA256, expected.Length);
                return CryptographicOperations.FixedTimeEquals(actual, expected);
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }

    private static byte[] Digest(byte[] salt, string secret)
    {
        var input = new byte[salt.Length + Encoding.UTF8.GetByteCount(secret)];
        salt.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(secret, input.AsSpan(salt.Length));
        return SHA256.HashData(input);
    }
}
