using AccountSnapshots.Secrets;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Tests.Secrets;

public sealed class SecretsServiceCollectionExtensionsTests
{
    [Fact]
    public void Without_a_vault_uri_secrets_come_from_configuration()
    {
        using var services = Build(new() { ["Secrets:ConduitApiKey"] = "x" });

        Assert.IsType<ConfigurationSecretProvider>(services.GetRequiredService<ISecretProvider>());
    }

    [Fact]
    public void With_a_vault_uri_secrets_come_from_key_vault_through_a_client_built_from_the_shared_credential()
    {
        var credential = new FixedTokenCredential("t");
        using var services = Build(new() { ["KeyVault:VaultUri"] = "https://kv-test.vault.azure.net/" }, s => s.AddSingleton<TokenCredential>(credential));

        Assert.IsType<KeyVaultSecretProvider>(services.GetRequiredService<ISecretProvider>());
        Assert.Equal(new Uri("https://kv-test.vault.azure.net/"), services.GetRequiredService<SecretClient>().VaultUri);
        Assert.Same(credential, services.GetRequiredService<TokenCredential>());
    }

    [Theory]
    [InlineData("KeyVault:VaultUri", "http://kv-test.vault.azure.net/", "KeyVault:VaultUri must be an absolute https URI")]
    [InlineData("KeyVault:CacheTtl", "00:00:00", "KeyVault:CacheTtl must be a positive time span")]
    [InlineData("KeyVault:SecretNames:ConduitApiKey", "conduit_api_key", "KeyVault:SecretNames:ConduitApiKey must be a Key Vault secret name")]
    public void Invalid_settings_fail_with_a_message_naming_the_setting(string key, string value, string expected)
    {
        using var services = Build(new() { ["KeyVault:VaultUri"] = "https://kv-test.vault.azure.net/", [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KeyVaultOptions>>().Value);

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_credential_is_the_managed_identity_named_by_AZURE_CLIENT_ID_when_it_is_set()
    {
        using var withClientId = Build(new() { ["AZURE_CLIENT_ID"] = "11111111-2222-3333-4444-555555555555" });
        using var withoutClientId = Build([]);

        Assert.IsType<ManagedIdentityCredential>(withClientId.GetRequiredService<TokenCredential>());
        Assert.IsType<DefaultAzureCredential>(withoutClientId.GetRequiredService<TokenCredential>());
    }

    [Fact]
    public void Logical_names_map_to_themselves_by_default()
    {
        var options = new KeyVaultOptions();

        Assert.Equal(SecretNames.ConduitApiSecret, options.VaultSecretName(SecretNames.ConduitApiSecret));
        Assert.Equal(5, options.SecretNames.Count);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? arrange = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        arrange?.Invoke(services);
        services.AddSecretProvider(configuration);
        return services.BuildServiceProvider();
    }
}
