using System.Collections.Concurrent;
using AccountSnapshots.Secrets;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Secrets;

public sealed class KeyVaultSecretProviderTests : IAsyncLifetime
{
    private const string VaultName = "conduit-api-key";
    private const string Value = "cnd-key-7f3a9b2e51d04c6a8e1f";
    private const string RotatedValue = "cnd-key-rotated-0b1c2d3e4f5a";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly ConcurrentQueue<string> _logLines = new();
    private KeyVaultStandIn _vault = null!;
    private ServiceProvider _services = null!;

    private ISecretProvider Provider => _services.GetRequiredService<ISecretProvider>();

    public async Task InitializeAsync()
    {
        _vault = await KeyVaultStandIn.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KeyVault:VaultUri"] = _vault.VaultUri.ToString(),
            ["KeyVault:SecretNames:ConduitApiKey"] = VaultName,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new RecordingLoggerProvider(_logLines)).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(_vault.CreateClient());
        services.AddSecretProvider(configuration);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task Reads_the_value_and_version_through_the_real_secret_client()
    {
        var version = _vault.SetSecret(VaultName, Value);

        var secret = await Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);

        Assert.IsType<KeyVaultSecretProvider>(Provider);
        Assert.Equal(Value, secret.Value);
        Assert.Equal(version, secret.Version);
        Assert.Equal(SecretNames.ConduitApiKey, secret.LogicalName);
        Assert.Equal($"Key Vault {_vault.VaultUri} secret '{VaultName}'", secret.Location);
        Assert.DoesNotContain(Value, secret.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_logical_name_without_a_mapping_is_its_own_vault_name()
    {
        _vault.SetSecret(SecretNames.ThreeCommasApiKey, "tc-key-value-0001");

        var secret = await Provider.GetAsync(SecretNames.ThreeCommasApiKey, CancellationToken.None);

        Assert.Equal("tc-key-value-0001", secret.Value);
    }

    [Fact]
    public async Task Within_the_ttl_a_cached_secret_is_served_without_calling_the_vault()
    {
        _vault.SetSecret(VaultName, Value);
        await Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);
        var requestsAfterFirstRead = _vault.RequestCount(VaultName);
        _vault.SetSecret(VaultName, RotatedValue);
        _time.Advance(TimeSpan.FromMinutes(59));

        var secret = await Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);

        Assert.Equal(Value, secret.Value);
        Assert.Equal(requestsAfterFirstRead, _vault.RequestCount(VaultName));
    }

    [Fact]
    public async Task After_the_ttl_the_rotated_value_is_read()
    {
        _vault.SetSecret(VaultName, Value);
        await Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);
        var rotatedVersion = _vault.SetSecret(VaultName, RotatedValue);
        _time.Advance(TimeSpan.FromHours(1));

        var secret = await Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);

        Assert.Equal(RotatedValue, secret.Value);
        Assert.Equal(rotatedVersion, secret.Version);
    }

    [Fact]
    public async Task After_invalidate_the_rotated_value_is_read()
    {
        _vault.SetSecret(VaultName, Value);
        await Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);
        var rotatedVersion = _vault.SetSecret(VaultName, RotatedValue);

        Provider.Invalidate(SecretNames.ConduitApiKey);
        var secret = await Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);

        Assert.Equal(RotatedValue, secret.Value);
        Assert.Equal(rotatedVersion, secret.Version);
    }

    [Fact]
    public async Task Concurrent_reads_of_one_secret_share_one_fetch()
    {
        // Warm the bearer token first so the challenge round does not count against the secret under test.
        _vault.SetSecret("warm-up", "warm-up-value");
        await _services.GetRequiredService<SecretClient>().GetSecretAsync("warm-up");
        _vault.SetSecret(VaultName, Value);
        _vault.ResponseDelay = TimeSpan.FromMilliseconds(300);

        var secrets = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None))));

        Assert.All(secrets, s => Assert.Equal(Value, s.Value));
        Assert.Equal(1, _vault.RequestCount(VaultName));
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_fetch_others_share()
    {
        _vault.SetSecret("warm-up", "warm-up-value");
        await _services.GetRequiredService<SecretClient>().GetSecretAsync("warm-up");
        _vault.SetSecret(VaultName, Value);
        _vault.ResponseDelay = TimeSpan.FromMilliseconds(300);
        using var impatient = new CancellationTokenSource();

        var givingUp = Provider.GetAsync(SecretNames.ConduitApiKey, impatient.Token);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givingUp);
        var secret = await Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);

        Assert.Equal(Value, secret.Value);
        Assert.Equal(1, _vault.RequestCount(VaultName));
    }

    [Fact]
    public async Task A_refused_read_is_forbidden_and_names_the_secret_and_the_vault()
    {
        _vault.SetSecret(VaultName, Value);
        _vault.Forbid(VaultName);

        var failure = await Assert.ThrowsAsync<SecretUnavailableException>(() => Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None));

        Assert.Equal(SecretFailure.Forbidden, failure.Failure);
        Assert.Equal(SecretNames.ConduitApiKey, failure.LogicalName);
        Assert.Contains("'ConduitApiKey'", failure.Message, StringComparison.Ordinal);
        Assert.Contains(VaultName, failure.Message, StringComparison.Ordinal);
        Assert.Contains(_vault.VaultUri.ToString(), failure.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets User", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_is_not_cached()
    {
        _vault.SetSecret(VaultName, Value);
        _vault.Forbid(VaultName);
        await Assert.ThrowsAsync<SecretUnavailableException>(() => Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None));
        _vault.Allow(VaultName);

        var secret = await Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);

        Assert.Equal(Value, secret.Value);
    }

    [Fact]
    public async Task A_secret_the_vault_does_not_have_is_missing()
    {
        var failure = await Assert.ThrowsAsync<SecretUnavailableException>(() => Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None));
        var optional = await Provider.GetOptionalAsync(SecretNames.ThreeCommasRsaPrivateKey, CancellationToken.None);

        Assert.Equal(SecretFailure.Missing, failure.Failure);
        Assert.Equal($"Secret 'ConduitApiKey' (Key Vault secret name '{VaultName}') was not found in Key Vault {_vault.VaultUri}", failure.Message);
        Assert.Null(optional);
    }

    [Fact]
    public async Task A_vault_that_is_down_is_unreachable_even_for_an_optional_secret()
    {
        await _vault.StopAsync();

        var failure = await Assert.ThrowsAsync<SecretUnavailableException>(() => Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None));
        var optionalFailure = await Assert.ThrowsAsync<SecretUnavailableException>(() => Provider.GetOptionalAsync(SecretNames.ThreeCommasRsaPrivateKey, CancellationToken.None));

        Assert.Equal(SecretFailure.Unreachable, failure.Failure);
        Assert.Equal(SecretFailure.Unreachable, optionalFailure.Failure);
        Assert.Contains(_vault.VaultUri.ToString(), failure.Message, StringComparison.Ordinal);
        Assert.Contains("'ConduitApiKey'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_secret_value_reaches_an_exception_or_a_log()
    {
        _vault.SetSecret(VaultName, Value);
        await Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None);
        Provider.Invalidate(SecretNames.ConduitApiKey);
        _vault.Forbid(VaultName);
        var forbidden = await Assert.ThrowsAsync<SecretUnavailableException>(() => Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None));
        await _vault.StopAsync();
        var unreachable = await Assert.ThrowsAsync<SecretUnavailableException>(() => Provider.GetAsync(SecretNames.ConduitApiKey, CancellationToken.None));

        Assert.DoesNotContain(Value, forbidden.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Value, unreachable.ToString(), StringComparison.Ordinal);
        Assert.Contains(_logLines, line => line.StartsWith("SecretRead:", StringComparison.Ordinal));
        Assert.Contains(_logLines, line => line.StartsWith("SecretUnavailable:", StringComparison.Ordinal));
        Assert.DoesNotContain(_logLines, line => line.Contains(Value, StringComparison.Ordinal));
    }
}
