// Sounding Board on Azure, in one resource group (docs/deploy.md walks through it):
//
//   user-assigned managed identity ─┬─ is the bot's identity   (Azure Bot, MicrosoftAppType=UserAssignedMSI)
//                                   ├─ reads/writes the tables (Storage Table Data Contributor; the account has no usable keys)
//                                   └─ pulls the image         (AcrPull on the registry)
//   Container Apps environment ── container app "bot" (the Dockerfile's image): https://<app>.<env domain>/api/messages
//   Azure Bot + Microsoft Teams channel, messaging endpoint on the container app
//   optional: Log Analytics + Application Insights (the bot's JSON log lines, queryable)
//
// Deploy twice: first with containerImage empty (everything but the container app, so the registry exists to
// build into), then with the image built by `az acr build`. Re-running either is safe (idempotent).
//
// Every setting passed to the app below is checked by test/unit/infra-settings.test.ts against the keys
// services/config/config.ts reads, and against what it requires in production.

targetScope = 'resourceGroup'

@description('Short name used in every resource name (lowercase letters, digits and hyphens).')
@minLength(3)
@maxLength(16)
param name string = 'soundingboard'

@description('Azure region for everything except the bot registration (which is global).')
param location string = resourceGroup().location

@description('The bot image, e.g. <registry>.azurecr.io/sounding-board:1. Empty: deploy everything except the container app.')
param containerImage string = ''

@description('Signs report and export links (32+ characters; e.g. openssl rand -hex 32). Keep it: changing it ends every link already sent.')
@secure()
@minLength(32)
param reportLinkSecret string

@description('Optional: tenant administrators (Azure AD object IDs, comma-separated), officers on every board of their tenant.')
param officerAadIds string = ''

@description('IANA time zone for every date a person reads.')
param timeZone string = 'Europe/London'

@description('Optional prefix for table names (letters and digits), to share one storage account between deployments.')
param tablesPrefix string = ''

@description('fatal, error, warn, info, debug or trace.')
@allowed(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
param logLevel string = 'info'

@description('Create Log Analytics + Application Insights and send the container\'s logs there.')
param enableApplicationInsights bool = true

@description('Bot Service pricing tier (F0 is free; Teams is a standard channel).')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('The bot\'s name as shown in the Azure portal.')
param botDisplayName string = 'Sounding Board'

// The port the bot listens on inside the container (the Dockerfile's PORT); ingress terminates TLS in front of it.
var port = 3978
var suffix = uniqueString(subscription().id, resourceGroup().id, name)
var compact = toLower(replace(name, '-', ''))
var deployApp = !empty(containerImage)
var containerAppName = take('${name}-bot', 32)

// Built-in role definitions (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${compact}${suffix}', 24)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    // No account keys: the bot reaches its tables with Azure AD tokens only (TABLES_ACCOUNT_URL + the managed identity).
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource tableAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: take('cr${compact}${suffix}', 50)
  location: location
  sku: { name: 'Basic' }
  properties: {
    adminUserEnabled: false
  }
}

resource imagePull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = if (enableApplicationInsights) {
  name: '${name}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = if (enableApplicationInsights) {
  name: '${name}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource containerEnv 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${name}-env'
  location: location
  properties: {
    // Logs go through Azure Monitor diagnostic settings (below), so no workspace key is handed around.
    appLogsConfiguration: { destination: 'azure-monitor' }
  }
}

resource containerEnvLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (enableApplicationInsights) {
  name: 'to-log-analytics'
  scope: containerEnv
  properties: {
    workspaceId: workspace.id
    // Resource-specific tables (ContainerAppConsoleLogs, ContainerAppSystemLogs) rather than AzureDiagnostics.
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'ContainerAppConsoleLogs', enabled: true }
      { category: 'ContainerAppSystemLogs', enabled: true }
    ]
  }
}

// Known before the app exists, so the bot registration and the Teams package can be made first.
var botDomain = '${containerAppName}.${containerEnv.properties.defaultDomain}'

resource app 'Microsoft.App/containerApps@2024-03-01' = if (deployApp) {
  name: containerAppName
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    managedEnvironmentId: containerEnv.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        { server: registry.properties.loginServer, identity: identity.id }
      ]
      secrets: [
        { name: 'report-link-secret', value: reportLinkSecret }
      ]
    }
    template: {
      containers: [
        {
          name: 'bot'
          image: containerImage
          resources: { cpu: json('0.5'), memory: '1Gi' }
          env: [
            { name: 'NODE_ENV', value: 'production' }
            { name: 'HOST', value: '0.0.0.0' }
            { name: 'PORT', value: string(port) }
            { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
            { name: 'MicrosoftAppId', value: identity.properties.clientId }
            { name: 'MicrosoftAppTenantId', value: identity.properties.tenantId }
            { name: 'TABLES_ACCOUNT_URL', value: storage.properties.primaryEndpoints.table }
            { name: 'TABLES_PREFIX', value: tablesPrefix }
            { name: 'BOT_DOMAIN', value: botDomain }
            { name: 'REPORT_LINK_SECRET', secretRef: 'report-link-secret' }
            { name: 'OFFICER_AAD_IDS', value: officerAadIds }
            { name: 'TIME_ZONE', value: timeZone }
            { name: 'LOG_LEVEL', value: logLevel }
            // Half a core and 1 GiB: no threads to share the reading of a large round's summary (the default, said here).
            { name: 'SUMMARY_READER_THREADS', value: '0' }
          ]
          probes: [
            // Liveness: /healthz answers while the process serves and its storage answers. Ten misses in a row
            // (5 minutes) before a restart, so a short storage outage doesn't restart a healthy process.
            { type: 'Liveness', httpGet: { path: '/healthz', port: port }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 10 }
            // Readiness: /readyz also needs the scheduler running; no traffic until it is.
            { type: 'Readiness', httpGet: { path: '/readyz', port: port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }
            // Startup: up to 2 minutes to load (the first start also creates the tables).
            { type: 'Startup', httpGet: { path: '/healthz', port: port }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 24 }
          ]
        }
      ]
      scale: {
        // One replica, always on: the scheduler sends reminders and closes rounds on time, and the outbound
        // pace (50 requests/s, Teams' per-app limit) is per process.
        minReplicas: 1
        maxReplicas: 1
      }
    }
  }
  dependsOn: [
    tableAccess
    imagePull
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${botDomain}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: identity.properties.tenantId
    msaAppMSIResourceId: identity.id
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

// Upper-case names: the Agents Toolkit writes outputs to its environment file under these names (m365agents.yml).
@description('MicrosoftAppId for the Teams package: the managed identity\'s client ID.')
output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = botDomain
output BOT_ENDPOINT string = 'https://${botDomain}/api/messages'
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_RESOURCE_NAME string = bot.name
output AZURE_CONTAINER_REGISTRY_NAME string = registry.name
output AZURE_CONTAINER_REGISTRY_SERVER string = registry.properties.loginServer
output AZURE_CONTAINER_APP_NAME string = containerAppName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
output STORAGE_TABLE_ENDPOINT string = storage.properties.primaryEndpoints.table
output APPLICATION_INSIGHTS_NAME string = enableApplicationInsights ? insights.name : ''
