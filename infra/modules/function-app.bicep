// The function app on the Flex Consumption plan: Node 22, scale to zero, per-instance memory and a ceiling on
// instances. The deployment package lives in a blob container read with the app's identity; the app settings are
// composed in main.bicep from the settings contract.

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app.')
param name string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app; the app also gets azd-service-name.')
param tags object

@description('Service name in azure.yaml that azd deploys to this app.')
param serviceName string

@description('Resource id of the app\'s user-assigned managed identity.')
param identityId string

@description('Blob endpoint of the storage account holding the deployment package.')
param storageBlobEndpoint string

@description('Blob container of the deployment package.')
param deploymentContainerName string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Subnet the app integrates with for outbound traffic, delegated to Microsoft.App/environments; empty for none.')
param subnetId string

@description('Application settings. Every value is an endpoint, a name or an identity selector: never a key.')
param appSettings object

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }

  // azd deploys with a Microsoft Entra token; publishing with a user name and password stays off.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output id string = functionApp.id
output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
