// The custom topic the order events are published to, as CloudEvents 1.0. Publishers authenticate with Microsoft
// Entra ID only. The topic has its own system-assigned identity, used for nothing but writing dead-letters, so
// Event Grid never borrows the app's identity.

@description('Name of the Event Grid topic.')
param name string

@description('Azure region of the topic.')
param location string

@description('Tags applied to the topic.')
param tags object

@description('Schema publishers send: the app publishes CloudEvents 1.0.')
@allowed([
  'CloudEventSchemaV1_0'
  'EventGridSchema'
])
param inputSchema string

@description('Reachable only through private endpoints (true) or over the internet as well (false).')
param privateOnly bool

@description('Log Analytics workspace that receives the topic\'s metrics.')
param workspaceId string

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    inputSchema: inputSchema
    disableLocalAuth: true
    minimumTlsVersionAllowed: '1.2'
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'metrics-to-log-analytics'
  scope: topic
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

output id string = topic.id
output name string = topic.name
output endpoint string = topic.properties.endpoint
output principalId string = topic.identity.principalId
