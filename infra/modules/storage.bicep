// The storage account shared by the Functions host and the app: the deployment package, the host's leases and
// Event Hubs checkpoints, Event Grid's dead-letters, and the app's tables. Shared keys are off, so every caller
// (the platform, the app, Event Grid) reaches it with a Microsoft Entra identity.

import { builtInRoles } from 'built-in-roles.bicep'

@description('Name of the storage account (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags object

@description('Blob containers to create: deployment package, checkpoints and dead-letters.')
param containerNames string[]

@description('Blob containers Event Grid writes dead-lettered events to; a subset of containerNames.')
param deadLetterContainerNames string[]

@description('Principal id of the Event Grid topic identity that writes dead-letters; empty to grant nothing.')
param deadLetterWriterPrincipalId string = ''

@description('Resource id of the Event Grid topic, let through the firewall when public access is restricted.')
param eventGridTopicId string = ''

@description('Tables the app keeps its state in.')
param tableNames string[]

@description('Reachable only from trusted Azure services and private endpoints (true), or from anywhere (false).')
param restrictPublicAccess bool

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Public network access stays on in both modes: with the firewall on, trusted services (Event Grid writing
    // dead-letters) are still let in, which a disabled public endpoint would refuse.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: restrictPublicAccess ? 'Deny' : 'Allow'
      resourceAccessRules: restrictPublicAccess && !empty(eventGridTopicId)
        ? [
            {
              tenantId: tenant().tenantId
              resourceId: eventGridTopicId
            }
          ]
        : []
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'
    properties: {
      deleteRetentionPolicy: {
        enabled: true
        days: 7
      }
      containerDeleteRetentionPolicy: {
        enabled: true
        days: 7
      }
    }

    resource containers 'containers' = [
      for containerName in containerNames: {
        name: containerName
        properties: {
          publicAccess: 'None'
        }
      }
    ]
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource tables 'tables' = [
      for tableName in tableNames: {
        name: tableName
      }
    ]
  }
}

resource deadLetterContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' existing = [
  for containerName in deadLetterContainerNames: {
    parent: storage::blobService
    name: containerName
  }
]

// Event Grid writes dead-letters with its own identity; it may write to its containers and nowhere else.
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for i in range(0, length(deadLetterContainerNames)): if (!empty(deadLetterWriterPrincipalId)) {
    name: guid(deadLetterContainers[i].id, deadLetterWriterPrincipalId, builtInRoles['Storage Blob Data Contributor'])
    scope: deadLetterContainers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId(
        'Microsoft.Authorization/roleDefinitions',
        builtInRoles['Storage Blob Data Contributor']
      )
      principalId: deadLetterWriterPrincipalId
      principalType: 'ServicePrincipal'
    }
    dependsOn: [
      storage::blobService::containers
    ]
  }
]

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
