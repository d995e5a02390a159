// Built-in role definition ids by role name, so role assignments read as the roles they grant.
// The ids are the same in every tenant: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles

@export()
@description('Built-in role definition ids, keyed by role name.')
var builtInRoles = {
  'Azure Event Hubs Data Receiver': 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
  'Azure Event Hubs Data Sender': '2b629674-e913-4c01-ae53-ef4638d8f975'
  'Azure Service Bus Data Receiver': '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  'Azure Service Bus Data Sender': '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  'EventGrid Data Sender': 'd5a91429-5739-47e2-a06b-3470a27159e7'
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb'
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}
