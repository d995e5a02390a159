// The virtual network of the private option: a subnet the function app integrates with for its outbound traffic,
// a subnet for the private endpoints, and the private DNS zones that make the services' usual host names resolve
// to those endpoints from inside the network.

@description('Name of the virtual network.')
param name string

@description('Azure region of the network.')
param location string

@description('Tags applied to every network resource.')
param tags object

@description('Address space of the network.')
param addressPrefix string = '10.0.0.0/16'

@description('Subnet of the function app\'s virtual network integration; Flex Consumption needs at least a /27.')
param appSubnetPrefix string = '10.0.1.0/24'

@description('Subnet of the private endpoints.')
param privateEndpointSubnetPrefix string = '10.0.2.0/24'

@description('Name prefix of the network security groups.')
param networkSecurityGroupPrefix string

// Service Bus and Event Hubs namespaces share one zone: both are *.servicebus.windows.net.
var privateDnsZoneNames = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  table: 'privatelink.table.${environment().suffixes.storage}'
  serviceBus: 'privatelink.servicebus.windows.net'
  eventGrid: 'privatelink.eventgrid.azure.net'
}

// The default rules are what both subnets need (traffic within the network, outbound to Azure); the groups exist
// so that a team can add its own rules without redeploying the network.
resource appSubnetSecurityGroup 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${networkSecurityGroupPrefix}app'
  location: location
  tags: tags
  properties: {
    securityRules: []
  }
}

resource privateEndpointSecurityGroup 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${networkSecurityGroupPrefix}private-endpoints'
  location: location
  tags: tags
  properties: {
    securityRules: []
  }
}

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
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
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          networkSecurityGroup: {
            id: appSubnetSecurityGroup.id
          }
          delegations: [
            {
              name: 'flex-consumption'
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
          addressPrefix: privateEndpointSubnetPrefix
          networkSecurityGroup: {
            id: privateEndpointSecurityGroup.id
          }
          privateEndpointNetworkPolicies: 'Enabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zone in items(privateDnsZoneNames): {
    name: zone.value
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for i in range(0, length(privateDnsZoneNames)): {
    parent: zones[i]
    name: name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: network.id
      }
    }
  }
]

output appSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', network.name, 'app')
output privateEndpointSubnetId string = resourceId(
  'Microsoft.Network/virtualNetworks/subnets',
  network.name,
  'private-endpoints'
)
@description('Private DNS zone ids, keyed like privateDnsZoneNames (blob, queue, table, serviceBus, eventGrid).')
output privateDnsZoneIds object = toObject(
  items(privateDnsZoneNames),
  zone => zone.key,
  zone => resourceId('Microsoft.Network/privateDnsZones', zone.value)
)
