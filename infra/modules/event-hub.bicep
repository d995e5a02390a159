// One event hub and its consumer groups.

@description('Name of the Event Hubs namespace the hub belongs to.')
param namespaceName string

@description('Name of the event hub.')
param name string

@description('Partitions: the most consumers that can read the hub in parallel. Fixed once created on Standard.')
@minValue(1)
@maxValue(32)
param partitionCount int

@description('Hours an event is kept; Standard allows up to 168 (7 days).')
@minValue(1)
@maxValue(168)
param retentionInHours int

@description('Consumer groups besides $Default.')
param consumerGroupNames string[]

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: namespaceName
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: name
  properties: {
    partitionCount: partitionCount
    retentionDescription: {
      cleanupPolicy: 'Delete'
      retentionTimeInHours: retentionInHours
    }
  }

  resource consumerGroups 'consumergroups' = [
    for consumerGroupName in consumerGroupNames: {
      name: consumerGroupName
    }
  ]
}

output name string = hub.name
