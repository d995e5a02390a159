// The Event Grid subscriptions of the order events, pushing to the function app's Event Grid-triggered functions.
// Azure validates an AzureFunction destination against the deployed function, so main.bicep adds this module only
// in the deployment the postdeploy hook (infra/hooks/postdeploy.mjs) runs after `azd deploy`. Each subscription is
// the ARM body declared in infra/entities.json, the same one the local Event Grid emulator serves; only what
// differs in Azure is filled in here: the function's resource id, and dead-lettering with the topic's identity
// instead of a key.

targetScope = 'resourceGroup'

@description('Name of the Event Grid topic the subscriptions belong to.')
param topicName string

@description('Name of the function app whose functions receive the events.')
param functionAppName string

@description('Name of the storage account holding the dead-letter containers.')
param storageAccountName string

var entities = loadJsonContent('entities.json')
var topicDeclaration = entities.UserConfig.EventGrid.Topics[0]

// Event Grid's own defaults, for a subscription that declares no retry policy.
var defaultRetryPolicy = {
  maxDeliveryAttempts: 30
  eventTimeToLiveInMinutes: 1440
}

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: topicName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource subscriptions 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = [
  for declared in topicDeclaration.subscriptions: {
    parent: topic
    name: declared.name
    properties: {
      // Locally the destination names the function alone; its last segment is the function either way.
      destination: {
        endpointType: 'AzureFunction'
        properties: {
          resourceId: resourceId(
            'Microsoft.Web/sites/functions',
            functionApp.name,
            last(split(declared.properties.destination.properties.resourceId, '/'))
          )
          maxEventsPerBatch: declared.properties.destination.properties.?maxEventsPerBatch ?? 1
          preferredBatchSizeInKilobytes: declared.properties.destination.properties.?preferredBatchSizeInKilobytes ?? 64
        }
      }
      eventDeliverySchema: declared.properties.?eventDeliverySchema ?? topicDeclaration.inputSchema
      filter: declared.properties.?filter ?? {}
      retryPolicy: declared.properties.?retryPolicy ?? defaultRetryPolicy
      // The storage account takes no keys: the topic writes with its system-assigned identity, which main.bicep
      // allowed to write to the dead-letter containers and nothing else.
      deadLetterWithResourceIdentity: empty(declared.properties.?deadLetterDestination)
        ? null
        : {
            identity: {
              type: 'SystemAssigned'
            }
            deadLetterDestination: {
              endpointType: 'StorageBlob'
              properties: {
                resourceId: storage.id
                blobContainerName: declared.properties.?deadLetterDestination.?properties.?blobContainerName
              }
            }
          }
    }
  }
]

output subscriptionNames string[] = map(topicDeclaration.subscriptions, declared => declared.name)
