using System.Globalization;
using System.Text.RegularExpressions;
using static AccountSnapshots.Tests.Deployment.BicepText;

namespace AccountSnapshots.Tests.Deployment;

/// <summary>
/// Issue 16 items 13-15 in infra/: snapshots apart from host storage, version-level immutability by default, network
/// rules, audit logs and basic-auth publishing. Read as text, like <see cref="InfrastructureTemplateTests"/>.
/// </summary>
public sealed class InfrastructureIsolationTests
{
    private const string StorageAccountModule = "br/public:avm/res/storage/storage-account:";

    private static readonly string Main = RepositoryFiles.ReadAllText("infra/main.bicep");
    private static readonly string Api = RepositoryFiles.ReadAllText("infra/app/api.bicep");
    private static readonly string Rbac = RepositoryFiles.ReadAllText("infra/app/rbac.bicep");

    [Fact]
    public void Snapshots_live_in_a_storage_account_apart_from_host_storage_where_the_app_is_Blob_Data_Owner()
    {
        var snapshotAccount = Symbol(Value(Module(Main, "snapshotContainer"), "storageAccountName"));
        var hostAccount = Symbol(Value(Module(Main, "api"), "storageAccountName"));

        Assert.NotEqual(hostAccount, snapshotAccount);
        Assert.StartsWith(StorageAccountModule, ModulePath(Main, snapshotAccount), StringComparison.Ordinal);
        Assert.StartsWith(StorageAccountModule, ModulePath(Main, hostAccount), StringComparison.Ordinal);
        Assert.NotEqual(Value(Module(Main, hostAccount), "name"), Value(Module(Main, snapshotAccount), "name"));

        // The app writes snapshots where the container is, and its host storage settings name the other account.
        Assert.Equal(snapshotAccount, Symbol(Value(Module(Main, "api"), "snapshotStorageAccountName")));
        Assert.Equal("snapshotStorage.properties.primaryEndpoints.blob", Value(Api, "Storage__ServiceUri"));
        Assert.Equal("snapshotStorageAccountName", Value(Resource(Api, "snapshotStorage"), "name"));
        Assert.Equal("storage.properties.primaryEndpoints.blob", Value(Api, "AzureWebJobsStorage__blobServiceUri"));
        Assert.Equal("storageAccountName", Value(Resource(Api, "storage"), "name"));

        // The account-wide Blob Data Owner goes to the host account only.
        Assert.Equal(hostAccount, Symbol(Value(Module(Main, "rbac"), "storageAccountName")));
        Assert.Equal(snapshotAccount, Symbol(Value(Module(Main, "rbac"), "snapshotStorageAccountName")));
        var ownerScope = Value(Resource(Rbac, "appHostStorageOwner"), "scope");
        Assert.Contains("storageBlobDataOwner", Resource(Rbac, "appHostStorageOwner"), StringComparison.Ordinal);
        Assert.Equal("storageAccountName", Value(Resource(Rbac, ownerScope), "name"));
        Assert.Single(Regex.Matches(Rbac, @"roleDefinitions', storageBlobDataOwner\)"));
    }

    [Fact]
    public void Version_level_immutability_is_on_by_default_and_old_versions_of_rewritten_blobs_expire_after_it()
    {
        var container = RepositoryFiles.ReadAllText("infra/app/snapshot-container.bicep");
        var snapshotAccount = Module(Main, Symbol(Value(Module(Main, "snapshotContainer"), "storageAccountName")));
        var hostAccount = Module(Main, Symbol(Value(Module(Main, "api"), "storageAccountName")));

        var days = Regex.Match(Main, @"param snapshotImmutabilityDays int = (\d+)", RegexOptions.CultureInvariant);
        Assert.True(days.Success, "snapshotImmutabilityDays has no default");
        Assert.True(int.Parse(days.Groups[1].Value, CultureInfo.InvariantCulture) > 0, "Immutability must be on by default");
        Assert.Equal("snapshotImmutabilityDays", Value(Module(Main, "snapshotContainer"), "immutabilityDays"));
        Assert.Equal("snapshotImmutabilityDays > 0", Value(snapshotAccount, "isVersioningEnabled"));
        Assert.Contains("immutableStorageWithVersioning", Resource(container, "container"), StringComparison.Ordinal);
        Assert.Equal("immutabilityDays", Value(Resource(container, "immutability"), "immutabilityPeriodSinceCreationInDays"));

        // latest/ and history/ are rewritten every run: each rewrite leaves a version that must expire after retention.
        Assert.Contains("'${snapshotContainerName}/latest/'", snapshotAccount, StringComparison.Ordinal);
        Assert.Contains("'${snapshotContainerName}/history/'", snapshotAccount, StringComparison.Ordinal);
        Assert.Contains("daysAfterCreationGreaterThan: snapshotImmutabilityDays", snapshotAccount, StringComparison.Ordinal);

        // Host storage keeps no snapshot rule, container or versioning.
        Assert.DoesNotContain("snapshotContainerName", hostAccount, StringComparison.Ordinal);
        Assert.DoesNotContain("isVersioningEnabled", hostAccount, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("storage")]
    [InlineData("snapshotStorage")]
    [InlineData("keyVault")]
    public void Storage_and_Key_Vault_deny_by_default_and_get_private_endpoints_with_private_networking(string module)
    {
        var block = Module(Main, module);

        Assert.Equal("privateNetworking ? 'Deny' : 'Allow'", Variable(Main, "networkDefaultAction"));
        Assert.Equal("privateNetworking && empty(allowedIpAddresses) ? 'Disabled' : 'Enabled'", Variable(Main, "publicNetworkAccess"));
        Assert.Equal("networkDefaultAction", Value(block, "defaultAction"));
        Assert.Equal("publicNetworkAccess", Value(block, "publicNetworkAccess"));
        Assert.Equal("privateNetworking", Value(block, "privateEndpoints"));
        Assert.Contains("subnetResourceId: network!.outputs.privateEndpointSubnetId", block, StringComparison.Ordinal);
    }

    [Fact]
    public void Private_networking_is_a_parameter_that_integrates_the_Flex_app_into_the_VNet_and_is_documented_for_production()
    {
        var network = RepositoryFiles.ReadAllText("infra/app/network.bicep");
        var deploy = RepositoryFiles.ReadAllText("docs/deploy.md");

        Assert.Matches(@"(?m)^param privateNetworking bool = false$", Main);
        Assert.All(BicepFiles(), file => Assert.DoesNotContain("defaultAction: 'Allow'", File.ReadAllText(file), StringComparison.Ordinal));
        Assert.Equal("privateNetworking ? network!.outputs.appSubnetId : ''", Value(Module(Main, "api"), "virtualNetworkSubnetId"));
        Assert.Equal("empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId", Value(Resource(Api, "site"), "virtualNetworkSubnetId"));
        Assert.Contains("serviceName: 'Microsoft.App/environments'", network, StringComparison.Ordinal);
        Assert.Matches(@"`privateNetworking=true` is the recommended production setting", deploy);
    }

    [Fact]
    public void Key_Vault_audit_events_and_snapshot_blob_access_go_to_the_Log_Analytics_workspace()
    {
        var keyVault = Module(Main, "keyVault");
        var snapshotAccount = Module(Main, Symbol(Value(Module(Main, "snapshotContainer"), "storageAccountName")));
        var vaultSetting = ObjectAfter(keyVault, "diagnosticSettings");
        var blobSetting = ObjectAfter(ObjectAfter(snapshotAccount, "blobServices"), "diagnosticSettings");

        Assert.Equal("logAnalytics.outputs.resourceId", Value(vaultSetting, "workspaceResourceId"));
        Assert.Contains("category: 'AuditEvent'", vaultSetting, StringComparison.Ordinal);
        Assert.Equal("logAnalytics.outputs.resourceId", Value(blobSetting, "workspaceResourceId"));
        Assert.All(["StorageRead", "StorageWrite", "StorageDelete"], category => Assert.Contains($"category: '{category}'", blobSetting, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("scm")]
    [InlineData("ftp")]
    public void The_site_allows_no_basic_auth_publishing(string policy)
    {
        var site = Resource(Api, "site");
        var blocks = Regex.Matches(site, @"resource \w+ 'basicPublishingCredentialsPolicies' = \{")
            .Select(m => BalancedBraces(site, m.Index + m.Length - 1))
            .Where(block => Value(block, "name") == $"'{policy}'")
            .ToList();

        var block = Assert.Single(blocks);
        Assert.Equal("false", Value(block, "allow"));
    }

    private static IReadOnlyList<string> BicepFiles() => RepositoryFiles.Find("infra", "*.bicep");
}
