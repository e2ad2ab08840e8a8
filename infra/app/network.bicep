// Private networking (main.bicep `privateNetworking`): a VNet with the Flex app's integration subnet and a subnet for
// the private endpoints of host storage, snapshot storage and Key Vault, plus the private DNS zones those endpoints
// register in. Hand-written: plain resources, no module version to track.
param location string
param tags object
param name string

@description('Address space of the VNet; the two /24 subnets below are cut from it.')
param addressPrefix string = '10.40.0.0/16'

// Private endpoint zones: blob/queue/table for host storage (AzureWebJobsStorage sets all three URIs), blob for the
// snapshot account, vault for Key Vault.
var storageZones = [
  'blob'
  'queue'
  'table'
]
var zoneNames = union(map(storageZones, service => 'privatelink.${service}.${environment().suffixes.storage}'), [
  'privatelink.vaultcore.azure.net'
])

resource vnet 'Microsoft.Network/virtualNetworks@2024-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        // Flex Consumption integrates through a subnet delegated to Microsoft.App/environments.
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          delegations: [
            {
              name: 'flex'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zone in zoneNames: {
    name: zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zone, i) in zoneNames: {
    parent: zones[i]
    name: '${name}-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

output appSubnetId string = vnet.properties.subnets[0].id
output privateEndpointSubnetId string = vnet.properties.subnets[1].id
output blobZoneId string = zones[0].id
output queueZoneId string = zones[1].id
output tableZoneId string = zones[2].id
output vaultZoneId string = zones[3].id
