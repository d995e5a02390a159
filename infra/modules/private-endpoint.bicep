// One private endpoint, with its DNS record in the matching private zone.

@description('Name of the private endpoint.')
param name string

@description('Azure region of the endpoint (the network\'s).')
param location string

@description('Tags applied to the endpoint.')
param tags object

@description('Subnet the endpoint takes its address from.')
param subnetId string

@description('Resource id of the service the endpoint connects to.')
param serviceId string

@description('Sub-resource of the service: blob, queue, table, namespace or topic.')
param groupId string

@description('Private DNS zone that receives the endpoint\'s A record.')
param privateDnsZoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: serviceId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }

  resource dnsZoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: groupId
          properties: {
            privateDnsZoneId: privateDnsZoneId
          }
        }
      ]
    }
  }
}

output id string = endpoint.id
