using AccountSnapshots.Settings;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Secrets;

/// <summary>Registers <see cref="ISecretProvider"/>: Key Vault when <c>KeyVault:VaultUri</c> is set, else configuration.</summary>
internal static class SecretsServiceCollectionExtensions
{
    public static IServiceCollection AddSecretProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<KeyVaultOptions, KeyVaultOptionsValidator>(configuration.GetSection(KeyVaultOptions.SectionName));
        services.AddDefaultTokenCredential(configuration);

        if (string.IsNullOrWhiteSpace(configuration.GetSection(KeyVaultOptions.SectionName)[nameof(KeyVaultOptions.VaultUri)]))
        {
            services.TryAddSingleton<ISecretProvider>(provider =>
            {
                var logger = provider.GetRequiredService<ILogger<ISecretProvider>>();
                SecretsLog.SecretProviderSelected(logger, "configuration (Secrets:<Name>); KeyVault:VaultUri is not set");
                return new ConfigurationSecretProvider(configuration);
            });
            return services;
        }

        // TryAdd: a test (or host) may register its own SecretClient, e.g. one pointed at a stand-in vault.
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value;
            return new SecretClient(options.VaultUri!, provider.GetRequiredService<TokenCredential>());
        });
        services.TryAddSingleton<ISecretProvider>(provider =>
        {
            var client = provider.GetRequiredService<SecretClient>();
            var logger = provider.GetRequiredService<ILogger<ISecretProvider>>();
            var source = $"Key Vault {client.VaultUri}";
            SecretsLog.SecretProviderSelected(logger, source);
            return new KeyVaultSecretProvider(
                client,
                provider.GetRequiredService<IOptions<KeyVaultOptions>>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<KeyVaultSecretProvider>>());
        });
        return services;
    }
}
