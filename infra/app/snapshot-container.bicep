// The snapshot container, its version-level WORM policy (on by default), and the app's data role scoped to this
// container only. It lives in its own storage account: host storage, where the app is Blob Data Owner, is another.
param storageAccountName string
param containerName string

@description('Version-level time-based immutability in days; 0 = off (main.bicep defaults to 30).')
param immutabilityDays int

@description('Principal id of the app identity.')
param principalId string

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobServices 'blobServices' existing = {
    name: 'default'
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: storage::blobServices
  name: containerName
  properties: {
    publicAccess: 'None'
    // Version-level (not container-level) WORM: latest/*.json is overwritten every run, which a container-level
    // policy would refuse; with versions, each overwritten version stays immutable for the retention period.
    immutableStorageWithVersioning: immutabilityDays > 0
      ? {
          enabled: true
        }
      : null
  }
}

resource immutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = if (immutabilityDays > 0) {
  parent: container
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: immutabilityDays
    allowProtectedAppendWrites: false
  }
}

resource snapshotWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, principalId, storageBlobDataContributor)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = container.name
output resourceId string = container.id
