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

    /// <summary>Random bytes <see cref="Issue(ReadOnlySpan{byte})"/> takes: the secret's and the salt's.</summary>
    public const int RandomBytesPerSecret = SecretBytes + SaltBytes;

    /// <summary>A fresh secret for a device (24 random bytes, base64url: 32 characters, no padding, safe to type into firmware) and its stored hash.</summary>
    public static (string Secret, string Hash) Issue()
    {
        Span<byte> random = stackalloc byte[RandomBytesPerSecret];
        RandomNumberGenerator.Fill(random);
        var issued = Issue(random);
        CryptographicOperations.ZeroMemory(random);
        return issued;
    }

    /// <summary>
    /// A fresh secret and its stored hash from <see cref="RandomBytesPerSecret"/> random bytes the caller drew. Drawing
    /// them for a whole bulk registration at once costs one call to the system's generator instead of two per device,
    /// which were most of a registration's time.
    /// </summary>
    public static (string Secret, string Hash) Issue(ReadOnlySpan<byte> random)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(random.Length, RandomBytesPerSecret, nameof(random));
        var secret = Convert.ToBase64String(random[..SecretBytes]).Replace('+', '-').Replace('/', '_');
        return (secret, Hash(secret, random[SecretBytes..]));
    }

    private static string Hash(string secret, ReadOnlySpan<byte> salt) =>
        string.Join('$', Scheme, Convert.ToBase64String(salt), Convert.ToBase64String(Digest(salt, secret)));

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

    private static byte[] Digest(ReadOnlySpan<byte> salt, string secret)
    {
        var length = salt.Length + Encoding.UTF8.GetByteCount(secret);
        Span<byte> input = length <= 256 ? stackalloc byte[length] : new byte[length];
        salt.CopyTo(input);
        Encoding.UTF8.GetBytes(secret, input[salt.Length..]);
        return SHA256.HashData(input);
    }
}
