using System.Buffers.Text;
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
        var secret = Base64Url.EncodeToString(random[..SecretBytes]);
        return (secret, Hash(secret, random[SecretBytes..]));
    }

    /// <summary>"sha256$salt$hash", made on the stack: a bulk registration makes ten thousand of them at once.</summary>
    private static string Hash(string secret, ReadOnlySpan<byte> salt)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Digest(salt, secret, digest);
        Span<char> text = stackalloc char[Scheme.Length + 2 + Base64Length(salt.Length) + Base64Length(digest.Length)];
        Scheme.CopyTo(text);
        var written = Scheme.Length;
        text[written++] = '$';
        Convert.TryToBase64Chars(salt, text[written..], out var saltChars);
        written += saltChars;
        text[written++] = '$';
        Convert.TryToBase64Chars(digest, text[written..], out var digestChars);
        return new string(text[..(written + digestChars)]);
    }

    private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;

    public static bool Verify(string secret, string stored)
    {
        var parts = stored.Split('$');
        try
        {
            if (parts is [Scheme, var salt, var hash])
            {
                Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
                Digest(Convert.FromBase64String(salt), secret, digest);
                return CryptographicOperations.FixedTimeEquals(digest, Convert.FromBase64String(hash));
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

    private static void Digest(ReadOnlySpan<byte> salt, string secret, Span<byte> destination)
    {
        var length = salt.Length + Encoding.UTF8.GetByteCount(secret);
        Span<byte> input = length <= 256 ? stackalloc byte[length] : new byte[length];
        salt.CopyTo(input);
        Encoding.UTF8.GetBytes(secret, input[salt.Length..]);
        SHA256.HashData(input, destination);
    }
}
