using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccountSnapshots.Secrets;

/// <summary>Registers the one <see cref="TokenCredential"/> that Key Vault and Blob Storage share.</summary>
internal static class TokenCredentialServiceCollectionExtensions
{
    /// <summary>The app setting that holds the user-assigned managed identity's client id in Azure.</summary>
    public const string ClientIdSetting = "AZURE_CLIENT_ID";

    /// <summary>
    /// Adds a <see cref="TokenCredential"/> unless the host (or a test) registered one first: in Azure a deterministic
    /// <see cref="ManagedIdentityCredential"/> for <c>AZURE_CLIENT_ID</c>, so a stray developer login can never be
    /// picked up; elsewhere <see cref="DefaultAzureCredential"/> for local development.
    /// </summary>
    public static IServiceCollection AddDefaultTokenCredential(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<TokenCredential>(_ =>
        {
            var clientId = configuration[ClientIdSetting];
            return string.IsNullOrWhiteSpace(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        });
        return services;
    }
}
