// The Flex Consumption function app. Hand-written rather than AVM web/site because it needs
// functionAppConfig.siteUpdateStrategy (API 2024-11-01+) and the app settings are the contract that
// tests/AccountSnapshots.Tests/Deployment/InfrastructureTemplateTests reads: keep them in the one
// `appsettings` block below.
param name string
param location string
param tags object
param planId string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param snapshotStorageAccountName string
param snapshotContainerName string

@description('Subnet (delegated to Microsoft.App/environments) for VNet integration; empty = none.')
param virtualNetworkSubnetId string = ''

param keyVaultUri string
param appInsightsName string
param conduitSnapshotSchedule string
param threeCommasSnapshotSchedule string
param instanceMemoryMB int
param maximumInstanceCount int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource snapshotStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: snapshotStorageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  // azd finds the deploy target through this tag (azure.yaml service `api`).
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    // With privateNetworking the app reaches storage and Key Vault through their private endpoints.
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      // Flex has no slots: replace instances gradually instead of restarting them all on deploy.
      siteUpdateStrategy: {
        type: 'RollingUpdate'
      }
    }
  }

  resource appsettings 'config' = {
    name: 'appsettings'
    properties: {
      // Host storage through the managed identity; the account allows no shared key.
      AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId

      // Timer schedules (NCRONTAB, UTC: Flex supports no WEBSITE_TIME_ZONE).
      ConduitSnapshotSchedule: conduitSnapshotSchedule
      ThreeCommasSnapshotSchedule: threeCommasSnapshotSchedule

      // Data plane, all through the same user-assigned identity.
      KeyVault__VaultUri: keyVaultUri
      Storage__ServiceUri: snapshotStorage.properties.primaryEndpoints.blob
      Storage__Container: snapshotContainerName
      AZURE_CLIENT_ID: identityClientId

      // Keyless telemetry: the component has local auth disabled.
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    }
  }

  // No publishing with user names and passwords: deployments authenticate with Entra ID (OIDC in CI), so the
  // site's basic-auth credentials for SCM (Kudu, One Deploy) and FTP stay off.
  resource scmBasicAuth 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  resource ftpBasicAuth 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
