using System.Security.Cryptography;
using System.Text;

namespace AccountSnapshots.Sandbox;

/// <summary>3Commas' request signature: HMAC-SHA256 of the path and query in hex, or an RSA-SHA256 signature in base64.</summary>
internal static class SandboxThreeCommasSignature
{
    public static bool IsValid(string target, string signature, SandboxOptions options)
    {
        if (signature.Length == 0)
        {
            return false;
        }

        var message = Encoding.UTF8.GetBytes(target);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Credentials.ThreeCommasApiSecret), message));
        if (SandboxHttp.FixedEquals(signature.ToLowerInvariant(), expected))
        {
            return true;
        }

        if (options.ThreeCommasRsaPublicKeyPem is not { } publicKey)
        {
            return false;
        }

        Span<byte> signatureBytes = stackalloc byte[1024];
        if (!Convert.TryFromBase64String(signature, signatureBytes, out var written))
        {
            return false;
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKey);
        return rsa.VerifyData(message, signatureBytes[..written], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
