using System.Security.Cryptography;
using System.Text;
using AccountSnapshots.ThreeCommas;

namespace AccountSnapshots.Tests.ThreeCommas;

public sealed class ThreeCommasRequestSignerTests
{
    private const string DocsSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    [Theory]
    [InlineData("/public/api/ver1/accounts?page=1&per_page=100", "1d2cddfccf0bb94b4da3f4b40a85a9349a537b58ed80f53efeb227c576f5e0e3")]
    [InlineData("/public/api/ver1/accounts?per_page=100&page=1", "293848dca7d3de07ea8346d8a174a20fef9af6476ffb177fabf1ca728d63dcff")]
    [InlineData("/public/api/ver1/users/change_mode?mode=paper", "bca8d8c10acfbe8e76c5335d3efbe0a550487170a8bb7aaea0a13efabab55316")]
    public void Signs_the_exact_path_and_query_with_hmac_sha256_in_lowercase_hex(string pathAndQuery, string expected)
    {
        using var signer = ThreeCommasRequestSigner.ForSecret(DocsSecret);

        Assert.Equal(expected, signer.Sign(pathAndQuery));
    }

    [Fact]
    public void Signs_with_rsa_pkcs1_sha256_in_base64_that_the_public_key_verifies()
    {
        using var rsa = RSA.Create(2048);
        using var signer = ThreeCommasRequestSigner.ForRsaPrivateKey(rsa.ExportPkcs8PrivateKeyPem());
        const string PathAndQuery = "/public/api/ver1/accounts?page=1&per_page=100";

        var signature = signer.Sign(PathAndQuery);

        using var verifier = RSA.Create();
        verifier.ImportFromPem(rsa.ExportSubjectPublicKeyInfoPem());
        Assert.True(signer.IsRsa);
        Assert.True(verifier.VerifyData(Encoding.UTF8.GetBytes(PathAndQuery), Convert.FromBase64String(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(verifier.VerifyData(Encoding.UTF8.GetBytes(PathAndQuery + "&x=1"), Convert.FromBase64String(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Refuses_an_unreadable_rsa_key_without_echoing_it()
    {
        var exception = Assert.Throws<ArgumentException>(() => ThreeCommasRequestSigner.ForRsaPrivateKey("not-a-pem-secret-material"));

        Assert.DoesNotContain("not-a-pem-secret-material", exception.Message, StringComparison.Ordinal);
    }
}
