namespace AccountSnapshots.Tests.Deployment;

/// <summary>
/// Every setting the code reads when it runs in Azure, in environment (app-setting) form. The infrastructure guard
/// test checks that <c>infra/</c> sets each of these, so adding a setting here without adding it to the template fails
/// the build.
/// </summary>
internal static class AzureAppSettings
{
    /// <summary>Settings the Bicep template must set on the function app.</summary>
    public static IReadOnlyList<string> Required { get; } =
    [
        "ConduitSnapshotSchedule",
        "ThreeCommasSnapshotSchedule",
        "KeyVault__VaultUri",
        "Storage__ServiceUri",
        "Storage__Container",
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
    ];
}
