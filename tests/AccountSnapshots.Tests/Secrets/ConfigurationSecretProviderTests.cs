using AccountSnapshots.Secrets;
using Microsoft.Extensions.Configuration;

namespace AccountSnapshots.Tests.Secrets;

public sealed class ConfigurationSecretProviderTests
{
    [Fact]
    public async Task Reads_the_Secrets_setting_without_a_version()
    {
        var provider = Provider(new() { ["Secrets:ConduitApiKey"] = "local-key-123" });

        var secret = await provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);

        Assert.Equal("local-key-123", secret.Value);
        Assert.Null(secret.Version);
        Assert.Equal("configuration setting Secrets:ConduitApiKey", secret.Location);
    }

    [Fact]
    public async Task Reads_the_environment_variable_form()
    {
        var prefix = $"ASTEST{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable($"{prefix}Secrets__ThreeCommasApiSecret", "env-secret-456");
        try
        {
            var provider = new ConfigurationSecretProvider(new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build());

            var secret = await provider.GetAsync(SecretNames.ThreeCommasApiSecret, CancellationToken.None);

            Assert.Equal("env-secret-456", secret.Value);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{prefix}Secrets__ThreeCommasApiSecret", null);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_missing_or_blank_setting_is_missing_and_says_where_to_set_it(string? value)
    {
        var provider = Provider(new() { ["Secrets:ConduitApiKey"] = value });

        var failure = await Assert.ThrowsAsync<SecretUnavailableException>(() => provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None));

        Assert.Equal(SecretFailure.Missing, failure.Failure);
        Assert.Equal(SecretNames.ConduitApiKey, failure.LogicalName);
        Assert.Contains("Secrets:ConduitApiKey", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Secrets__ConduitApiKey", failure.Message, StringComparison.Ordinal);
        Assert.Contains("KeyVault:VaultUri is not set", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_optional_missing_setting_is_null()
    {
        var provider = Provider([]);

        Assert.Null(await provider.GetOptionalAsync(SecretNames.ThreeCommasRsaPrivateKey, CancellationToken.None));
    }

    [Fact]
    public async Task An_unresolved_key_vault_reference_is_unreachable_not_used_as_the_secret()
    {
        var provider = Provider(new() { ["Secrets:ConduitApiKey"] = "@Microsoft.KeyVault(VaultName=kv;SecretName=ConduitApiKey)" });

        var failure = await Assert.ThrowsAsync<SecretUnavailableException>(() => provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None));

        Assert.Equal(SecretFailure.Unreachable, failure.Failure);
        Assert.Contains("Secrets:ConduitApiKey", failure.Message, StringComparison.Ordinal);
    }

    private static ConfigurationSecretProvider Provider(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
