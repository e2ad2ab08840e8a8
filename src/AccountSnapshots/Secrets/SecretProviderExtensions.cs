namespace AccountSnapshots.Secrets;

/// <summary>Reads every secret provider offers the same way, written once.</summary>
public static class SecretProviderExtensions
{
    /// <summary>The secret, or null when it is not set; every other failure (forbidden, unreachable) still throws.</summary>
    public static async Task<SecretValue?> GetOptionalAsync(this ISecretProvider provider, string logicalName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        try
        {
            return await provider.GetAsync(logicalName, cancellationToken);
        }
        catch (SecretUnavailableException ex) when (ex.Failure == SecretFailure.Missing)
        {
            return null;
        }
    }
}
