// Event Hubs carries the telemetry stream. Standard is the smallest tier with more than one consumer group, so the
// aggregator reads through its own group and other readers can be added without disturbing it.

@description('An event hub as infra/entities.json declares it, in the Event Hubs emulator\'s Config.json shape.')
type eventHubDeclaration = {
  Name: string
  PartitionCount: int
  MessageRetentionInHours: int?
  ConsumerGroups: {
    Name: string
  }[]?
}

@description('Name of the Event Hubs namespace.')
param name string

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags object

@description('The event hubs, straight from infra/entities.json.')
param eventHubs eventHubDeclaration[]

@description('Throughput units of the Standard namespace (1 MB/s or 1,000 events/s in each).')
@minValue(1)
@maxValue(40)
param capacity int = 1

@description('Reachable only through private endpoints (true) or over the internet as well (false).')
param privateOnly bool

@description('Log Analytics workspace that receives the namespace\'s metrics.')
param workspaceId string

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: capacity
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
    isAutoInflateEnabled: false
  }
}

// One module per hub, because its consumer groups are a loop of their own.
module hubs 'event-hub.bicep' = [
  for hub in eventHubs: {
    name: 'event-hub-${hub.Name}'
    params: {
      namespaceName: namespace.name
      name: hub.Name
      partitionCount: hub.PartitionCount
      retentionInHours: hub.?MessageRetentionInHours ?? 1
      consumerGroupNames: map(hub.?ConsumerGroups ?? [], group => group.Name)
    }
  }
]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'metrics-to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: workspaceId
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output id string = namespace.id
output name string = namespace.name
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
