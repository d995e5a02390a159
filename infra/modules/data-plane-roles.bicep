// The data-plane roles the order application uses, granted to one principal: the function app's identity, or the
// deploying user so the same code can run locally against the deployed resources. Control-plane roles are never
// needed: the app reaches every resource through its data plane.

import { builtInRoles } from 'built-in-roles.bicep'

@description('Object id of the principal to grant the roles to.')
param principalId string

@description('ServicePrincipal for a managed identity (set, to avoid replication delays); empty to let Azure infer it.')
@allowed([
  ''
  'ServicePrincipal'
])
param principalType string = ''

@description('Storage account of the app\'s tables and the host\'s blobs.')
param storageAccountName string

@description('Service Bus namespace of the stock commands and replies.')
param serviceBusNamespaceName string

@description('Queues the app sends to: the commands, the replies, and the queue it parks invalid messages on.')
param serviceBusSendQueues array

@description('Queues the host\'s triggers receive from: the commands and the replies.')
param serviceBusReceiveQueues array

@description('Event Hubs namespace of the telemetry stream.')
param eventHubNamespaceName string

@description('The event hub the app streams telemetry to and its trigger reads: the roles are granted on it alone.')
param telemetryEventHubName string

@description('Event Grid topic the order events are published to.')
param eventGridTopicName string

@description('Application Insights component the telemetry goes to.')
param applicationInsightsName string

// The host keeps leases, timer state and Event Hubs checkpoints in blobs (Owner, as the Functions host requires);
// the app keeps orders, outbox, stock and read models in tables.
var storageRoles = [
  'Storage Blob Data Owner'
  'Storage Table Data Contributor'
]
// Service Bus roles per queue, not on the namespace: the app can send only to its own queues (a forged ReplyTo or
// a bug reaches nothing else), and nothing of the app reads the invalid-messages queue, which is for people.
var serviceBusQueueRoles = concat(
  map(serviceBusSendQueues, queue => { queue: queue, role: 'Azure Service Bus Data Sender' }),
  map(serviceBusReceiveQueues, queue => { queue: queue, role: 'Azure Service Bus Data Receiver' })
)
// The app streams telemetry, and the aggregator's trigger reads it.
var eventHubRoles = [
  'Azure Event Hubs Data Sender'
  'Azure Event Hubs Data Receiver'
]
// The outbox relay publishes the order events.
var eventGridRoles = [
  'EventGrid Data Sender'
]
// Telemetry is sent with a Microsoft Entra token, since the component accepts no other.
var monitoringRoles = [
  'Monitoring Metrics Publisher'
]

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource serviceBusQueues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = [
  for grant in serviceBusQueueRoles: {
    parent: serviceBus
    name: grant.queue
  }
]

resource eventHubs 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: eventHubNamespaceName
}

resource telemetryHub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' existing = {
  parent: eventHubs
  name: telemetryEventHubName
}

resource eventGridTopic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: eventGridTopicName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, principalId, builtInRoles[role])
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles[role])
      principalId: principalId
      principalType: empty(principalType) ? null : principalType
    }
  }
]

resource serviceBusAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (grant, i) in serviceBusQueueRoles: {
    name: guid(serviceBusQueues[i].id, principalId, builtInRoles[grant.role])
    scope: serviceBusQueues[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles[grant.role])
      principalId: principalId
      principalType: empty(principalType) ? null : principalType
    }
  }
]

resource eventHubAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in eventHubRoles: {
    name: guid(telemetryHub.id, principalId, builtInRoles[role])
    scope: telemetryHub
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles[role])
      principalId: principalId
      principalType: empty(principalType) ? null : principalType
    }
  }
]

resource eventGridAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in eventGridRoles: {
    name: guid(eventGridTopic.id, principalId, builtInRoles[role])
    scope: eventGridTopic
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles[role])
      principalId: principalId
      principalType: empty(principalType) ? null : principalType
    }
  }
]

resource monitoringAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in monitoringRoles: {
    name: guid(applicationInsights.id, principalId, builtInRoles[role])
    scope: applicationInsights
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles[role])
      principalId: principalId
      principalType: empty(principalType) ? null : principalType
    }
  }
]
