// The alerts that matter for this architecture: a command, reply or event that can never be processed (parked on
// the invalid-messages queue, or in a dead-letter store, until someone looks), telemetry arriving faster than the
// aggregator reads it, and failing function invocations. Without an e-mail address the alerts still fire and show
// in the portal.

@description('Prefix of the alert rule names.')
param namePrefix string

@description('Name of the action group, created only when alertEmail is set.')
param actionGroupName string

@description('Azure region of the log search alert (metric alerts are global).')
param location string

@description('Tags applied to every alert resource.')
param tags object

@description('E-mail address notified when an alert fires; empty to create no action group.')
param alertEmail string

@description('Service Bus namespace of the command and reply queues.')
param serviceBusNamespaceId string

@description('Queue where the app parks the messages it can never process, each with its reason.')
param invalidMessagesQueueName string

@description('Event Grid topic of the order events.')
param eventGridTopicId string

@description('Event Hubs namespace of the telemetry stream.')
param eventHubNamespaceId string

@description('Application Insights component of the function app.')
param applicationInsightsId string

@description('Log Analytics workspace receiving the Event Hubs metrics.')
param workspaceId string

@description('Telemetry events received but not yet read, over 30 minutes, above which the consumer is lagging.')
@minValue(1)
param unprocessedEventsThreshold int = 1000

@description('Failed function invocations in 15 minutes above which an alert fires.')
@minValue(0)
param failedInvocationsThreshold int = 0

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'orders'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var metricAlertActions = empty(alertEmail)
  ? []
  : [
      {
        actionGroupId: actionGroup.id
      }
    ]

resource serviceBusDeadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}service-bus-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'A Service Bus queue holds dead-lettered messages: the broker gave up on them (delivery count exhausted by failures that never cleared, or expired). Read the dead-letter reason, then resubmit or discard them.'
    severity: 2
    enabled: true
    scopes: [
      serviceBusNamespaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered-messages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    autoMitigate: true
    actions: metricAlertActions
  }
}

resource parkedMessages 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}parked-messages'
  location: 'global'
  tags: tags
  properties: {
    description: 'The app parked a command, reply or event it can never process on the invalid-messages queue, with its reason (an order may be waiting on it). Read the reason and the order id, then fix and resubmit, or discard it, before its time to live runs out.'
    severity: 2
    enabled: true
    scopes: [
      serviceBusNamespaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'parked-messages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'ActiveMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                invalidMessagesQueueName
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    autoMitigate: true
    actions: metricAlertActions
  }
}

resource eventGridDeadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}event-grid-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'Event Grid dead-lettered order events: a subscriber failed every retry. The events are in the dead-letter blob container, under the subscription\'s name.'
    severity: 2
    enabled: true
    scopes: [
      eventGridTopicId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered-events'
          metricNamespace: 'Microsoft.EventGrid/topics'
          metricName: 'DeadLetteredCount'
          dimensions: [
            {
              name: 'EventSubscriptionName'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Total'
        }
      ]
    }
    autoMitigate: true
    actions: metricAlertActions
  }
}

resource failedInvocations 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}function-failures'
  location: 'global'
  tags: tags
  properties: {
    description: 'Function invocations failed (an HTTP request answered 5xx, or a trigger threw and the message or event will be retried). See Failures in Application Insights.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'failed-requests'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: failedInvocationsThreshold
          timeAggregation: 'Count'
        }
      ]
    }
    autoMitigate: true
    actions: metricAlertActions
  }
}

// Event Hubs has no consumer-lag metric. With one consumer group, what was received but not read over a window
// is the backlog's growth: near zero when the aggregator keeps up, the whole inflow when it is stopped. The
// metrics reach the workspace through the namespace's diagnostic setting.
resource unprocessedTelemetry 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}telemetry-unprocessed'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}telemetry-unprocessed'
    description: 'Telemetry events arrive faster than the aggregator reads them: the Event Hubs trigger is failing, stopped or under-scaled.'
    severity: 2
    enabled: true
    scopes: [
      workspaceId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT30M'
    // AzureMetrics exists only once the first metrics have arrived, which is after this rule is created.
    skipQueryValidation: true
    criteria: {
      allOf: [
        {
          query: 'AzureMetrics | where ResourceId =~ "${eventHubNamespaceId}" | where MetricName in ("IncomingMessages", "OutgoingMessages") | summarize Incoming = sumif(Total, MetricName == "IncomingMessages"), Outgoing = sumif(Total, MetricName == "OutgoingMessages") | extend Unprocessed = Incoming - Outgoing'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'Unprocessed'
          operator: 'GreaterThan'
          threshold: unprocessedEventsThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: empty(alertEmail) ? [] : [actionGroup.id]
    }
  }
}
