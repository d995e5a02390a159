// An Application Insights workbook with one section per flow: the order API, commands and replies on Service Bus,
// order events on Event Grid, telemetry on Event Hubs, and the failures across them.

@description('Display name of the workbook.')
param displayName string

@description('Azure region of the workbook.')
param location string

@description('Tags applied to the workbook.')
param tags object

@description('Application Insights component the workbook belongs to and queries.')
param applicationInsightsId string

@description('Log Analytics workspace holding the brokers\' metrics.')
param workspaceId string

// The workbook is authored as JSON; its resource ids are filled in here so that the file stays environment-free.
var content = replace(
  replace(loadTextContent('workbooks/order-flows.workbook.json'), '__APPLICATION_INSIGHTS_ID__', applicationInsightsId),
  '__WORKSPACE_ID__',
  workspaceId
)

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // A workbook's name must be a GUID; this one is stable per component, so redeployments update it in place.
  name: guid(applicationInsightsId, 'order-flows')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: toLower(applicationInsightsId)
    serializedData: content
  }
}

output id string = workbook.id
