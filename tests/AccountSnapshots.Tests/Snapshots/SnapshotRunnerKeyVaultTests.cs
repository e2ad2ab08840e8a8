using System.Text.Json;
using AccountSnapshots.Secrets;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Tests.Secrets;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Tests.Snapshots;

/// <summary>The runner with secrets from Key Vault: the real SecretClient against the Key Vault REST stand-in.</summary>
public sealed class SnapshotRunnerKeyVaultTests
{
    private static readonly DateTimeOffset s_slot = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_rotated_secret_is_picked_up_at_once_when_the_upstream_rejects_the_cached_one()
    {
        await using var vault = await KeyVaultStandIn.StartAsync();
        var sandbox = await AccountSnapshots.Sandbox.SandboxServer.StartAsync(new(), CancellationToken.None);
        vault.SetSecret(SecretNames.ThreeCommasApiKey, sandbox.Credentials.ThreeCommasApiKey);
        var oldVersion = vault.SetSecret(SecretNames.ThreeCommasApiSecret, "the-secret-before-rotation");
        await using var host = await PipelineHost.StartAsync(
            new Dictionary<string, string?> { ["KeyVault:VaultUri"] = vault.VaultUri.ToString(), ["Secrets:ThreeCommasApiSecret"] = null },
            configure: services => services.AddSingleton(vault.CreateClient()),
            sandbox: sandbox);

        var rejected = await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);
        var newVersion = vault.SetSecret(SecretNames.ThreeCommasApiSecret, sandbox.Credentials.ThreeCommasApiSecret);
        var rotated = await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot.AddMinutes(15)), CancellationToken.None);

        Assert.Equal(UpstreamErrorKind.CredentialsRejected, rejected.Error!.Kind);
        Assert.Equal(SnapshotRunStatus.Succeeded, rotated.Status);
        Assert.Equal(2, rotated.Requests);
        var document = await host.Store.ReadAsync(rotated.SnapshotPath!, CancellationToken.None);
        using var json = JsonDocument.Parse(document!.Content);
        Assert.Equal(newVersion, json.RootElement.GetProperty("secretVersions").GetProperty(SecretNames.ThreeCommasApiSecret).GetString());
        Assert.NotEqual(oldVersion, newVersion);
        Assert.Single(host.Events.Named("CredentialsRejected"));
    }

    [Fact]
    public async Task A_forbidden_vault_fails_the_source_as_configuration_and_says_so()
    {
        await using var vault = await KeyVaultStandIn.StartAsync();
        vault.SetSecret(SecretNames.ConduitApiKey, "k");
        vault.SetSecret(SecretNames.ConduitApiSecret, "s");
        vault.Forbid(SecretNames.ConduitApiKey);
        await using var host = await PipelineHost.StartAsync(
            new Dictionary<string, string?> { ["KeyVault:VaultUri"] = vault.VaultUri.ToString() },
            configure: services => services.AddSingleton(vault.CreateClient()));

        var result = await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        Assert.Equal(UpstreamErrorKind.Configuration, result.Error!.Kind);
        Assert.Contains("ConduitApiKey", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("403", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.Sandbox.Conduit.RequestCount);
    }

    [Fact]
    public async Task The_served_lastError_names_no_vault_or_secret_while_the_snapshot_document_keeps_the_full_message()
    {
        await using var vault = await KeyVaultStandIn.StartAsync();
        vault.SetSecret(SecretNames.ConduitApiKey, "k");
        vault.SetSecret(SecretNames.ConduitApiSecret, "s");
        vault.Forbid(SecretNames.ConduitApiKey);
        await using var host = await PipelineHost.StartAsync(
            new Dictionary<string, string?> { ["KeyVault:VaultUri"] = vault.VaultUri.ToString() },
            configure: services => services.AddSingleton(vault.CreateClient()));

        var result = await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        var served = System.Text.Encoding.UTF8.GetString((await host.Store.ReadAsync(SnapshotPaths.Aggregate, CancellationToken.None))!.Content.Span);
        var lastError = (await host.ReadAggregateAsync())!.Sources.Single(s => s.Source == SourceNames.Conduit).LastError!;
        Assert.Equal(UpstreamErrorKind.Configuration, lastError.Kind);
        Assert.StartsWith("conduit: configuration:", lastError.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(vault.VaultUri.Authority, served, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SecretNames.ConduitApiKey, served, StringComparison.Ordinal);
        Assert.DoesNotContain("Key Vault", served, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("servedMessage", served, StringComparison.Ordinal);
        var document = await host.Store.ReadAsync(result.SnapshotPath!, CancellationToken.None);
        using var json = JsonDocument.Parse(document!.Content);
        var stored = json.RootElement.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains(SecretNames.ConduitApiKey, stored, StringComparison.Ordinal);
        Assert.Contains(vault.VaultUri.Authority, stored, StringComparison.OrdinalIgnoreCase);
    }
}
