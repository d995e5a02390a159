// Test deployments of main.bicep for PSRule for Azure (ps-rule.yaml), one per networking option. Never deployed.

targetScope = 'subscription'

module publicNetwork '../main.bicep' = {
  name: 'public-network'
  params: {
    environmentName: 'psrule-public'
    location: 'swedencentral'
    principalId: '00000000-0000-0000-0000-000000000001'
  }
}

module privateNetwork '../main.bicep' = {
  name: 'private-network'
  params: {
    environmentName: 'psrule-private'
    location: 'swedencentral'
    vnetEnabled: true
    alertEmail: 'operator@example.com'
  }
}
