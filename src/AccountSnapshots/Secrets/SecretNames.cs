namespace AccountSnapshots.Secrets;

/// <summary>Logical secret names (defaults for the Key Vault secret names too; see <c>KeyVault:SecretNames</c>).</summary>
public static class SecretNames
{
    /// <summary>Conduit <c>X-API-Key</c>.</summary>
    public const string ConduitApiKey = "ConduitApiKey";

    /// <summary>Conduit <c>X-API-Secret</c>.</summary>
    public const string ConduitApiSecret = "ConduitApiSecret";

    /// <summary>3Commas <c>APIKEY</c>.</summary>
    public const string ThreeCommasApiKey = "ThreeCommasApiKey";

    /// <summary>3Commas HMAC secret.</summary>
    public const string ThreeCommasApiSecret = "ThreeCommasApiSecret";

    /// <summary>Optional 3Commas RSA private key (PEM); used instead of the HMAC secret when present.</summary>
    public const string ThreeCommasRsaPrivateKey = "ThreeCommasRsaPrivateKey";
}
