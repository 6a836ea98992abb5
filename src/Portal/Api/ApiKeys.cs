using System.Security.Cryptography;
using System.Text;

namespace Portal.Api;

/// API keys: 32 random bytes, shown once as "pk_" + base64url, stored as the hex SHA-256 of the whole key.
/// A plain SHA-256 rather than a password hash (PBKDF2, Identity's hasher) on purpose: a password hash is slow
/// because passwords are guessable, and a key with 256 random bits is not — no amount of hashing speed makes
/// guessing it feasible. A fast, unsalted hash can also be looked up by an index on every request, where a salted
/// slow hash would mean checking each client's hash in turn and spending milliseconds of CPU per API call.
public static class ApiKeys
{
    public const string Prefix = "pk_";

    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// What the admin page shows of a key: enough to tell two apart, far too little to guess the rest.
    public static string Visible(string key) => key[..Math.Min(key.Length, 10)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
