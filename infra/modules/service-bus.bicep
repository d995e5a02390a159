// Service Bus carries the stock commands and their replies. Standard is the smallest tier with sessions (the reply
// queue needs them) and duplicate detection (the command queue needs it); Premium adds private endpoints.

@description('A queue as infra/entities.json declares it, in the Service Bus emulator\'s Config.json shape.')
type queueDeclaration = {
  Name: string
  Properties: {
    DeadLetteringOnMessageExpiration: bool
    DefaultMessageTimeToLive: string
    DuplicateDetectionHistoryTimeWindow: string
    LockDuration: string
    MaxDeliveryCount: int
    RequiresDuplicateDetection: bool
    RequiresSession: bool
  }
}

@description('Name of the Service Bus namespace.')
param name string

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags object

@description('Tier of the namespace: Standard, or Premium for private endpoints and isolated capacity.')
@allowed([
  'Standard'
  'Premium'
])
param sku string

@description('The queues, straight from infra/entities.json.')
param queues queueDeclaration[]

@description('Reachable only through private endpoints (true) or over the internet as well (false).')
param privateOnly bool

@description('Log Analytics workspace that receives the namespace\'s metrics.')
param workspaceId string

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
    capacity: sku == 'Premium' ? 1 : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
  }

  // Emulator property names are the ARM ones in PascalCase; each is mapped explicitly so that a property added to
  // entities.json without a mapping here fails the infra tests instead of being silently dropped.
  resource queueResources 'queues' = [
    for queue in queues: {
      name: queue.Name
      properties: {
        deadLetteringOnMessageExpiration: queue.Properties.DeadLetteringOnMessageExpiration
        defaultMessageTimeToLive: queue.Properties.DefaultMessageTimeToLive
        duplicateDetectionHistoryTimeWindow: queue.Properties.DuplicateDetectionHistoryTimeWindow
        lockDuration: queue.Properties.LockDuration
        maxDeliveryCount: queue.Properties.MaxDeliveryCount
        requiresDuplicateDetection: queue.Properties.RequiresDuplicateDetection
        requiresSession: queue.Properties.RequiresSession
      }
    }
  ]
}

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
// serviceBusEndpoint is https://<namespace>.servicebus.windows.net:443/; the Functions setting wants the host name.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
