using System.Security.Cryptography;
using System.Text;

namespace AccountSnapshots.ThreeCommas;

/// <summary>
/// Signs the exact path and query that go on the wire (<c>/public/api</c> included, host excluded): lowercase hex
/// HMAC-SHA256 keyed with the API secret, or, for self-generated RSA keys, base64 RSASSA-PKCS1-v1_5/SHA-256.
/// </summary>
internal sealed class ThreeCommasRequestSigner : IDisposable
{
    private readonly byte[]? _hmacKey;
    private readonly RSA? _rsa;

    private ThreeCommasRequestSigner(byte[]? hmacKey, RSA? rsa)
    {
        _hmacKey = hmacKey;
        _rsa = rsa;
    }

    /// <summary>True when signatures are RSA (case-sensitive base64) rather than HMAC hex.</summary>
    public bool IsRsa => _rsa is not null;

    /// <summary>HMAC signer keyed with the raw UTF-8 bytes of the secret.</summary>
    public static ThreeCommasRequestSigner ForSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return new ThreeCommasRequestSigner(Encoding.UTF8.GetBytes(secret), null);
    }

    /// <summary>RSA signer from a PEM private key; throws <see cref="ArgumentException"/> (never echoing the key) when unreadable.</summary>
    public static ThreeCommasRequestSigner ForRsaPrivateKey(string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPem);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new ArgumentException("The 3Commas RSA private key is not a readable PEM private key.", nameof(privateKeyPem));
        }

        return new ThreeCommasRequestSigner(null, rsa);
    }

    public string Sign(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var message = Encoding.UTF8.GetBytes(pathAndQuery);
        return _rsa is not null
            ? Convert.ToBase64String(_rsa.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            : Convert.ToHexStringLower(HMACSHA256.HashData(_hmacKey!, message));
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        if (_hmacKey is not null)
        {
            CryptographicOperations.ZeroMemory(_hmacKey);
        }
    }
}
