// The order system on Azure: a Flex Consumption function app with Service Bus (commands and replies), Event Hubs
// (telemetry) and an Event Grid topic (order events), reached with a managed identity only. The entities come
// from infra/entities.json, the file the local cloud reads, so local and Azure cannot drift. Event Grid
// subscriptions need their functions to exist: the postdeploy hook provisions again with eventSubscriptionsEnabled
// once the code is deployed, which adds infra/subscriptions.bicep.

targetScope = 'subscription'

metadata description = 'Event-driven order system on Azure Functions Flex Consumption, identity only.'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment: part of every resource name and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region of every resource; it must offer Flex Consumption (see docs/deploy.md).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user or service principal, granted the app\'s data-plane roles so the app can run locally against these resources; empty to grant nothing.')
param principalId string = ''

@description('Private networking: the app integrates with a virtual network and reaches storage, Service Bus, Event Hubs and Event Grid through private endpoints only.')
param vnetEnabled bool = false

@description('Service Bus tier. Premium is used whatever this says when vnetEnabled is true, since private endpoints need it.')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the function app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Demo stock catalogue, a JSON object of SKU to units: SKUs missing from the stock table are added at start, existing levels are kept. Empty for none.')
param stockSeed string = '{"SKU-1":1000,"SKU-2":500,"SKU-3":3}'

@description('E-mail address the alerts notify; empty for alerts shown in the portal only.')
param alertEmail string = ''

@description('Deploy the Event Grid subscriptions, which Azure accepts only once their functions exist. Left false; the postdeploy hook sets it for the deployment it runs after the code is deployed.')
param eventSubscriptionsEnabled bool = false

var abbrs = loadJsonContent('abbreviations.json')
var entities = loadJsonContent('entities.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Azure has one namespace of each kind, so the declaration's first (and only) one is taken.
var serviceBusQueues = entities.UserConfig.Namespaces[0].Queues
var eventHubDeclarations = entities.UserConfig.NamespaceConfig[0].Entities
var eventGridTopic = entities.UserConfig.EventGrid.Topics[0]

// The Functions host's Event Hubs checkpoint container, the deployment package, and Event Grid's dead-letters.
var deploymentContainerName = 'app-package'
var checkpointContainerName = 'azure-webjobs-eventhub'
var deadLetterContainerNames = union(
  filter(
    map(
      eventGridTopic.subscriptions,
      declared => declared.properties.?deadLetterDestination.?properties.?blobContainerName ?? ''
    ),
    containerName => !empty(containerName)
  ),
  []
)

// shared/composition/table-names.ts: the app creates them too, idempotently; declaring them here makes them part
// of the environment, removed with it.
var appTableNames = [
  'orders'
  'idempotencykeys'
  'stock'
  'orderhistory'
  'handledevents'
  'notifications'
  'telemetrymetrics'
]

var serviceBusTier = vnetEnabled ? 'Premium' : serviceBusSku
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module network 'modules/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: rg
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
    networkSecurityGroupPrefix: '${abbrs.networkNetworkSecurityGroups}${resourceToken}-'
  }
}

module eventGrid 'modules/event-grid.bicep' = {
  name: 'event-grid'
  scope: rg
  params: {
    name: '${abbrs.eventGridDomainsTopics}${eventGridTopic.name}-${resourceToken}'
    location: location
    tags: tags
    inputSchema: eventGridTopic.inputSchema
    privateOnly: vnetEnabled
    workspaceId: monitoring.outputs.workspaceId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containerNames: union([deploymentContainerName, checkpointContainerName], deadLetterContainerNames)
    deadLetterContainerNames: deadLetterContainerNames
    deadLetterWriterPrincipalId: eventGrid.outputs.principalId
    eventGridTopicId: eventGrid.outputs.id
    tableNames: appTableNames
    restrictPublicAccess: vnetEnabled
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    sku: serviceBusTier
    queues: serviceBusQueues
    privateOnly: vnetEnabled
    workspaceId: monitoring.outputs.workspaceId
  }
}

module eventHubs 'modules/event-hubs.bicep' = {
  name: 'event-hubs'
  scope: rg
  params: {
    name: '${abbrs.eventHubNamespaces}${resourceToken}'
    location: location
    tags: tags
    eventHubs: eventHubDeclarations
    privateOnly: vnetEnabled
    workspaceId: monitoring.outputs.workspaceId
  }
}

// The settings contract (shared/config/settings-contract.ts), Azure form: endpoints and names, each connection
// with the user-assigned identity. A test checks these names against the contract.
var appSettings = {
  AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
  AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
  AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  ServiceBusConnection__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identity.outputs.clientId
  EventHubConnection__fullyQualifiedNamespace: eventHubs.outputs.fullyQualifiedNamespace
  EventHubConnection__credential: 'managedidentity'
  EventHubConnection__clientId: identity.outputs.clientId
  EventGridConnection__topicEndpointUri: eventGrid.outputs.endpoint
  EventGridConnection__credential: 'managedidentity'
  EventGridConnection__clientId: identity.outputs.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  StockCommandsQueueName: 'stock-commands'
  StockRepliesQueueName: 'stock-replies'
  InvalidMessagesQueueName: 'invalid-messages'
  TelemetryEventHubName: 'telemetry'
  TelemetryConsumerGroup: 'aggregator'
  StockSeed: stockSeed
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    planName: '${abbrs.webServerFarms}${resourceToken}'
    name: functionAppName
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    subnetId: vnetEnabled ? network.outputs.appSubnetId : ''
    appSettings: appSettings
  }
  // The app starts as soon as it exists; its identity must already hold its roles by then.
  dependsOn: [
    appRoles
  ]
}

// The queues the app sends to and the ones its triggers receive from, named by the app settings the code reads.
var serviceBusSendQueues = [
  appSettings.StockCommandsQueueName
  appSettings.StockRepliesQueueName
  appSettings.InvalidMessagesQueueName
]
var serviceBusReceiveQueues = [
  appSettings.StockCommandsQueueName
  appSettings.StockRepliesQueueName
]

module appRoles 'modules/data-plane-roles.bicep' = {
  name: 'app-roles'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusSendQueues: serviceBusSendQueues
    serviceBusReceiveQueues: serviceBusReceiveQueues
    eventHubNamespaceName: eventHubs.outputs.name
    telemetryEventHubName: appSettings.TelemetryEventHubName
    eventGridTopicName: eventGrid.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module deployerRoles 'modules/data-plane-roles.bicep' = if (!empty(principalId)) {
  name: 'deployer-roles'
  scope: rg
  params: {
    principalId: principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusSendQueues: serviceBusSendQueues
    serviceBusReceiveQueues: serviceBusReceiveQueues
    eventHubNamespaceName: eventHubs.outputs.name
    telemetryEventHubName: appSettings.TelemetryEventHubName
    eventGridTopicName: eventGrid.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

// Every service the app reaches gets a private endpoint when the network is on. Service Bus and Event Hubs share
// the servicebus.windows.net zone.
var privateEndpointTargets = [
  {
    name: 'blob'
    service: 'storage'
    groupId: 'blob'
    zone: 'blob'
  }
  {
    name: 'queue'
    service: 'storage'
    groupId: 'queue'
    zone: 'queue'
  }
  {
    name: 'table'
    service: 'storage'
    groupId: 'table'
    zone: 'table'
  }
  {
    name: 'service-bus'
    service: 'serviceBus'
    groupId: 'namespace'
    zone: 'serviceBus'
  }
  {
    name: 'event-hubs'
    service: 'eventHubs'
    groupId: 'namespace'
    zone: 'serviceBus'
  }
  {
    name: 'event-grid'
    service: 'eventGrid'
    groupId: 'topic'
    zone: 'eventGrid'
  }
]
var privateEndpointServiceIds = {
  storage: storage.outputs.id
  serviceBus: serviceBus.outputs.id
  eventHubs: eventHubs.outputs.id
  eventGrid: eventGrid.outputs.id
}

module privateEndpoints 'modules/private-endpoint.bicep' = [
  for target in privateEndpointTargets: if (vnetEnabled) {
    name: 'private-endpoint-${target.name}'
    scope: rg
    params: {
      name: '${abbrs.networkPrivateEndpoints}${target.name}-${resourceToken}'
      location: location
      tags: tags
      subnetId: network.outputs.privateEndpointSubnetId
      serviceId: privateEndpointServiceIds[target.service]
      groupId: target.groupId
      privateDnsZoneId: network.outputs.privateDnsZoneIds[target.zone]
    }
  }
]

// Without the flag this module is left out, and the subscriptions already deployed stay as they are: azd deploys in
// incremental mode.
module eventSubscriptions 'subscriptions.bicep' = if (eventSubscriptionsEnabled) {
  name: 'event-subscriptions'
  scope: rg
  params: {
    topicName: eventGrid.outputs.name
    functionAppName: functionApp.outputs.name
    storageAccountName: storage.outputs.name
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    namePrefix: '${environmentName}-'
    actionGroupName: '${abbrs.insightsActionGroups}${resourceToken}'
    location: location
    tags: tags
    alertEmail: alertEmail
    serviceBusNamespaceId: serviceBus.outputs.id
    invalidMessagesQueueName: appSettings.InvalidMessagesQueueName
    eventGridTopicId: eventGrid.outputs.id
    eventHubNamespaceId: eventHubs.outputs.id
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    displayName: 'Order flows (${environmentName})'
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    workspaceId: monitoring.outputs.workspaceId
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_VNET_ENABLED bool = vnetEnabled
// Read by the postdeploy hook, which waits for the subscribed functions, and by the smoke test.
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri

// Named like the app settings they feed, so the postprovision hook can write local.settings.json for running the
// app locally against these resources. The identity selectors are left out: locally, the developer's sign-in is
// the credential.
output AzureWebJobsStorage__tableServiceUri string = appSettings.AzureWebJobsStorage__tableServiceUri
output AzureWebJobsStorage__blobServiceUri string = appSettings.AzureWebJobsStorage__blobServiceUri
output AzureWebJobsStorage__queueServiceUri string = appSettings.AzureWebJobsStorage__queueServiceUri
output ServiceBusConnection__fullyQualifiedNamespace string = appSettings.ServiceBusConnection__fullyQualifiedNamespace
output EventHubConnection__fullyQualifiedNamespace string = appSettings.EventHubConnection__fullyQualifiedNamespace
output EventGridConnection__topicEndpointUri string = appSettings.EventGridConnection__topicEndpointUri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = appSettings.APPLICATIONINSIGHTS_CONNECTION_STRING
output StockCommandsQueueName string = appSettings.StockCommandsQueueName
output StockRepliesQueueName string = appSettings.StockRepliesQueueName
output InvalidMessagesQueueName string = appSettings.InvalidMessagesQueueName
output TelemetryEventHubName string = appSettings.TelemetryEventHubName
output TelemetryConsumerGroup string = appSettings.TelemetryConsumerGroup
output StockSeed string = appSettings.StockSeed
