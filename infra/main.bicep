// AccountSnapshots: everything `azd up` needs, from an empty subscription to a running, alerting deployment.
// Subscription scope (like the azd Flex quickstart) so one deployment also creates the resource group.
// The Key Vault secret VALUES are never part of this template: see docs/deploy.md ("Set the secrets").
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; feeds the resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Region for every resource. Flex Consumption (FC1) runs only in these regions (docs/deploy.md).')
@allowed([
  'australiaeast'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'northcentralus'
  'northeurope'
  'southcentralus'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westcentralus'
  'westeurope'
  'westus2'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person running azd. Gets Key Vault Secrets Officer (to run the documented secret step) and blob read access for debugging. Empty in CI.')
param principalId string = ''

@description('Principal type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Resource group name; default rg-<environmentName>.')
param resourceGroupName string = ''

@description('NCRONTAB (UTC) for the Conduit snapshot timer. Must equal the default in code.')
param conduitSnapshotSchedule string = '0 */15 * * * *'

@description('NCRONTAB (UTC) for the 3Commas snapshot timer; offset by 7 minutes so the two sources never run together.')
param threeCommasSnapshotSchedule string = '0 7-59/15 * * * *'

@description('Blob container that holds snapshots/ and latest/.')
param snapshotContainerName string = 'account-snapshots'

@minValue(1)
@description('Snapshots under snapshots/ move to the cool tier after this many days without modification.')
param snapshotCoolAfterDays int = 30

@minValue(1)
@description('Snapshots under snapshots/ are deleted after this many days. Keep it above snapshotImmutabilityDays.')
param snapshotDeleteAfterDays int = 730

@minValue(0)
@description('Version-level time-based immutability (WORM) on the snapshot container, in days (default 30): every version of every blob, latest/ and history/ rewrites included, stays unchangeable that long. 0 = off. The policy is left unlocked; once locked it cannot be shortened.')
param snapshotImmutabilityDays int = 30

@description('Private endpoints for host storage, snapshot storage and Key Vault, public network access off on all three, and the Flex app integrated into a new VNet. Off by default so `azd up` from a laptop works; the recommended production setting (docs/deploy.md).')
param privateNetworking bool = false

@description('Public IP addresses or CIDR ranges that may still reach Key Vault and both storage accounts when privateNetworking is on (e.g. the operator who sets the secrets). Ignored when it is off.')
param allowedIpAddresses array = []

@description('Email address that receives alerts (azd: ALERT_EMAIL). Empty = none.')
param alertEmail string = ''

@description('More email addresses that receive alerts.')
param alertEmailAddresses array = []

@description('Webhook URL (chat or paging integration, common alert schema) that receives alerts (azd: ALERT_WEBHOOK_URL). Empty = none.')
@secure()
param alertWebhookUrl string = ''

@description('Dead-man window in minutes: alert when a source had no SnapshotSucceeded for this long (three 15-minute intervals by default). Must be a log-alert window size: 5, 10, 15, 30, 45, 60, 120, ...')
param deadManWindowMinutes int = 45

@description('Flex Consumption instance memory in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Flex Consumption scale-out ceiling.')
@minValue(1)
param maximumInstanceCount int = 10

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-${resourceToken}'
var alertEmails = union(empty(alertEmail) ? [] : [alertEmail], alertEmailAddresses)
var alertWebhooks = empty(alertWebhookUrl) ? [] : [alertWebhookUrl]
// Deny by default where the app can still reach the service: only with privateNetworking (VNet integration and private
// endpoints). Without it the Flex app calls storage and Key Vault from shared public addresses that no rule can name,
// so denying would stop the app (the reason is in docs/reliability.md).
var networkDefaultAction = privateNetworking ? 'Deny' : 'Allow'
var publicNetworkAccess = privateNetworking && empty(allowedIpAddresses) ? 'Disabled' : 'Enabled'
var storageIpRules = [for ip in allowedIpAddresses: { action: 'Allow', value: ip }]
var keyVaultIpRules = [for ip in allowedIpAddresses: { value: ip }]
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

// The app's one identity: host storage, snapshot container, Key Vault and App Insights all trust it.
module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.6.0' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module plan 'br/public:avm/res/web/serverfarm:0.7.0' = {
  name: 'plan'
  scope: rg
  params: {
    name: 'plan-${resourceToken}'
    location: location
    tags: tags
    kind: 'functionapp'
    skuName: 'FC1'
    reserved: true
    // Explicit, not the module default: zone redundancy on Flex is limited to some regions and is not needed here.
    zoneRedundant: false
  }
}

module network 'app/network.bicep' = if (privateNetworking) {
  name: 'network'
  scope: rg
  params: {
    name: 'vnet-${resourceToken}'
    location: location
    tags: tags
  }
}

// Host storage only: timer locks, schedule monitor and the deployment package. The app holds Blob Data Owner here
// (rbac.bicep), so nothing else lives in this account: snapshots have their own (snapshotStorage below).
module storage 'br/public:avm/res/storage/storage-account:0.33.0' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    kind: 'StorageV2'
    skuName: 'Standard_LRS'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    dnsEndpointType: 'Standard'
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: networkDefaultAction
      bypass: 'AzureServices'
      ipRules: privateNetworking ? storageIpRules : []
    }
    privateEndpoints: privateNetworking
      ? [
          {
            service: 'blob'
            subnetResourceId: network!.outputs.privateEndpointSubnetId
            privateDnsZoneGroup: {
              privateDnsZoneGroupConfigs: [
                {
                  privateDnsZoneResourceId: network!.outputs.blobZoneId
                }
              ]
            }
          }
          {
            service: 'queue'
            subnetResourceId: network!.outputs.privateEndpointSubnetId
            privateDnsZoneGroup: {
              privateDnsZoneGroupConfigs: [
                {
                  privateDnsZoneResourceId: network!.outputs.queueZoneId
                }
              ]
            }
          }
          {
            service: 'table'
            subnetResourceId: network!.outputs.privateEndpointSubnetId
            privateDnsZoneGroup: {
              privateDnsZoneGroupConfigs: [
                {
                  privateDnsZoneResourceId: network!.outputs.tableZoneId
                }
              ]
            }
          }
        ]
      : []
    blobServices: {
      containers: [
        {
          name: deploymentContainerName
          publicAccess: 'None'
        }
      ]
    }
  }
}

// Snapshot storage: only the snapshot container, where the app's role is container-scoped Blob Data Contributor
// (snapshot-container.bicep). Versioning backs the version-level WORM default; blob-service logs go to Log Analytics.
module snapshotStorage 'br/public:avm/res/storage/storage-account:0.33.0' = {
  name: 'snapshotStorage'
  scope: rg
  params: {
    name: 'stsnap${resourceToken}'
    location: location
    tags: tags
    kind: 'StorageV2'
    skuName: 'Standard_LRS'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    dnsEndpointType: 'Standard'
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: networkDefaultAction
      bypass: 'AzureServices'
      ipRules: privateNetworking ? storageIpRules : []
    }
    privateEndpoints: privateNetworking
      ? [
          {
            service: 'blob'
            subnetResourceId: network!.outputs.privateEndpointSubnetId
            privateDnsZoneGroup: {
              privateDnsZoneGroupConfigs: [
                {
                  privateDnsZoneResourceId: network!.outputs.blobZoneId
                }
              ]
            }
          }
        ]
      : []
    blobServices: {
      // Version-level WORM needs versioning; without immutability the write-once layout needs none.
      isVersioningEnabled: snapshotImmutabilityDays > 0
      diagnosticSettings: [
        {
          name: 'snapshot-blob-audit'
          workspaceResourceId: logAnalytics.outputs.resourceId
          logCategoriesAndGroups: [
            {
              category: 'StorageRead'
            }
            {
              category: 'StorageWrite'
            }
            {
              category: 'StorageDelete'
            }
          ]
          metricCategories: []
        }
      ]
    }
    managementPolicyRules: concat(
      [
        {
          enabled: true
          name: 'snapshots-cool-then-delete'
          type: 'Lifecycle'
          definition: {
            actions: union(
              {
                baseBlob: {
                  tierToCool: {
                    daysAfterModificationGreaterThan: snapshotCoolAfterDays
                  }
                  delete: {
                    daysAfterModificationGreaterThan: snapshotDeleteAfterDays
                  }
                }
              },
              snapshotImmutabilityDays > 0
                ? {
                    version: {
                      delete: {
                        daysAfterCreationGreaterThan: snapshotDeleteAfterDays
                      }
                    }
                  }
                : {}
            )
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              // A lifecycle prefix starts with the container name; only the time series, never latest/.
              prefixMatch: [
                '${snapshotContainerName}/snapshots/'
              ]
            }
          }
        }
      ],
      // latest/ and history/ are rewritten every run: with versioning each rewrite leaves a version, kept immutable
      // for the retention period and deleted once that has passed.
      snapshotImmutabilityDays > 0
        ? [
            {
              enabled: true
              name: 'rewritten-blob-versions-delete'
              type: 'Lifecycle'
              definition: {
                actions: {
                  version: {
                    delete: {
                      daysAfterCreationGreaterThan: snapshotImmutabilityDays
                    }
                  }
                }
                filters: {
                  blobTypes: [
                    'blockBlob'
                  ]
                  prefixMatch: [
                    '${snapshotContainerName}/latest/'
                    '${snapshotContainerName}/history/'
                  ]
                }
              }
            }
          ]
        : []
    )
  }
}

// The data container, its optional WORM policy and the app's container-scoped Blob Data Contributor role.
module snapshotContainer 'app/snapshot-container.bicep' = {
  name: 'snapshotContainer'
  scope: rg
  params: {
    storageAccountName: snapshotStorage.outputs.name
    containerName: snapshotContainerName
    immutabilityDays: snapshotImmutabilityDays
    principalId: identity.outputs.principalId
  }
}

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.16.0' = {
  name: 'logAnalytics'
  scope: rg
  params: {
    name: 'log-${resourceToken}'
    location: location
    tags: tags
    skuName: 'PerGB2018'
    dataRetention: 30
  }
}

module appInsights 'br/public:avm/res/insights/component:0.8.0' = {
  name: 'appInsights'
  scope: rg
  params: {
    name: 'appi-${resourceToken}'
    location: location
    tags: tags
    kind: 'web'
    applicationType: 'web'
    workspaceResourceId: logAnalytics.outputs.resourceId
    // Keyless ingestion only: the app authenticates with its managed identity (Monitoring Metrics Publisher).
    disableLocalAuth: true
  }
}

module keyVault 'br/public:avm/res/key-vault/vault:0.14.0' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    // AVM defaults to premium; nothing here needs HSM-backed keys.
    sku: 'standard'
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: networkDefaultAction
      bypass: 'AzureServices'
      ipRules: privateNetworking ? keyVaultIpRules : []
    }
    privateEndpoints: privateNetworking
      ? [
          {
            service: 'vault'
            subnetResourceId: network!.outputs.privateEndpointSubnetId
            privateDnsZoneGroup: {
              privateDnsZoneGroupConfigs: [
                {
                  privateDnsZoneResourceId: network!.outputs.vaultZoneId
                }
              ]
            }
          }
        ]
      : []
    // Every secret read and write leaves an audit record in Log Analytics (AzureDiagnostics, category AuditEvent).
    diagnosticSettings: [
      {
        name: 'key-vault-audit'
        workspaceResourceId: logAnalytics.outputs.resourceId
        logCategoriesAndGroups: [
          {
            category: 'AuditEvent'
          }
        ]
        metricCategories: []
      }
    ]
    // No `secrets` here on purpose: values are set out of band (docs/deploy.md), never in a template or parameter.
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.resourceId
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    snapshotStorageAccountName: snapshotStorage.outputs.name
    snapshotContainerName: snapshotContainerName
    virtualNetworkSubnetId: privateNetworking ? network!.outputs.appSubnetId : ''
    keyVaultUri: keyVault.outputs.uri
    appInsightsName: appInsights.outputs.name
    conduitSnapshotSchedule: conduitSnapshotSchedule
    threeCommasSnapshotSchedule: threeCommasSnapshotSchedule
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    snapshotStorageAccountName: snapshotStorage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: appInsights.outputs.name
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module actionGroup 'br/public:avm/res/insights/action-group:0.8.0' = {
  name: 'actionGroup'
  scope: rg
  params: {
    name: 'ag-${resourceToken}'
    location: 'global'
    tags: tags
    groupShortName: 'acctsnap'
    emailReceivers: [
      for (address, i) in alertEmails: {
        name: 'email-${i}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
    webhookReceivers: [
      for (url, i) in alertWebhooks: {
        name: 'webhook-${i}'
        serviceUri: url
        useCommonAlertSchema: true
      }
    ]
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    appInsightsName: appInsights.outputs.name
    actionGroupId: actionGroup.outputs.resourceId
    deadManWindowMinutes: deadManWindowMinutes
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_SNAPSHOT_STORAGE_ACCOUNT_NAME string = snapshotStorage.outputs.name
output AZURE_STORAGE_SNAPSHOT_CONTAINER string = snapshotContainerName
output AZURE_CLIENT_ID string = identity.outputs.clientId
