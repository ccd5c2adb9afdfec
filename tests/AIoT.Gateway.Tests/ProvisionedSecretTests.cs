using AIoT.Gateway.Provisioning;

namespace AIoT.Gateway.Tests;

/// <summary>Device secrets and their stored hashes keep their format: hashes stored by earlier versions must still verify.</summary>
public sealed class ProvisionedSecretTests
{
    // Expected values computed outside .NET (Python's base64 and hashlib) from the same bytes.
    [Theory]
    [InlineData(false, "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY", "sha256$GRobHB0eHyAhIiMkJSYnKA==$yOubCIHzozcn4r/M8OJtzljxJwsXYTm9dgA7avZLsQ8=")]
    [InlineData(true, "-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_", "sha256$+/+/+/+/+/+/+/+/+/+//g==$yeRfd3u8waDqF/mdgXykVKdNmaN6scuces1MoDmIPD0=")]
    public void A_secret_is_url_safe_base64_of_its_bytes_and_its_hash_a_salted_sha256(bool bytesNeedingUrlSafeCharacters, string secret, string hash)
    {
        byte[] random = bytesNeedingUrlSafeCharacters
            ? [.. Enumerable.Repeat<byte[]>([0xfb, 0xff, 0xbf], 13).SelectMany(b => b), 0xfe]
            : [.. Enumerable.Range(1, SecretHasher.RandomBytesPerSecret).Select(i => (byte)i)];

        var issued = SecretHasher.Issue(random);

        Assert.Equal((secret, hash), issued);
        Assert.True(SecretHasher.Verify(secret, hash));
        Assert.False(SecretHasher.Verify(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A'), hash));
    }
}
