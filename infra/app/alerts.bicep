// Log alert rules on the Application Insights component (classic `traces`/`requests`/`exceptions` tables).
// The worker's Application Insights logger writes customDimensions.EventId/EventName for every event,
// and every [LoggerMessage] template placeholder as customDimensions.<Name>. Event and dimension names below
// are a contract with src/AccountSnapshots/Telemetry/SnapshotLog.cs, guarded by InfrastructureTemplateTests.
// Hand-written (not AVM scheduled-query-rule) so each query stays plain text next to its dimensions.
param location string
param tags object
param appInsightsName string
param actionGroupId string

@description('Dead-man window in minutes (three schedule intervals by default).')
param deadManWindowMinutes int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var failingOnce = {
  numberOfEvaluationPeriods: 1
  minFailingPeriodsToAlert: 1
}

// One alert per account: a 30-minute window always holds at least one run of each 15-minute schedule, so the
// alert stays fired while the key is bad and resolves (autoMitigate) within 30 minutes of the fix.
resource exchangeApiKeyInvalid 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-exchange-api-key-invalid'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Exchange API key invalid (per account)'
    description: 'An exchange account reports an invalid or not-ok API key. Runbook: docs/deploy.md#exchangeapikeyinvalid'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT30M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: '''
traces
| where customDimensions.EventName == "ExchangeApiKeyInvalid"
| extend AccountId = tostring(customDimensions.AccountId), Source = tostring(customDimensions.Source), AccountName = tostring(customDimensions.AccountName), Exchange = tostring(customDimensions.Exchange)
| project timestamp, AccountId, Source, AccountName, Exchange
'''
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'AccountId'
              operator: 'Include'
              values: [
                '*'
              ]
            }
            {
              name: 'Source'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: failingOnce
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}

// Our own Conduit / 3Commas credentials were refused: every snapshot of that source fails until fixed.
resource credentialsRejected 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-credentials-rejected'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Upstream rejected our credentials (per source)'
    description: 'Conduit or 3Commas answered 401/403 to our own API key. Runbook: docs/deploy.md#credentialsrejected'
    severity: 1
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT30M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: '''
traces
| where customDimensions.EventName == "CredentialsRejected"
| extend Source = tostring(customDimensions.Source), HttpStatus = tostring(customDimensions.HttpStatus), ErrorCode = tostring(customDimensions.ErrorCode)
| project timestamp, Source, HttpStatus, ErrorCode
'''
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'Source'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: failingOnce
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}

// Dead-man: alerting only on failures misses timers that silently stop (known Flex issue), so alert on the
// ABSENCE of success. The datatable lists every source (AccountSnapshots.Upstream.SourceNames.All) so a source
// with no rows at all still yields a row; the query time range is the window, so no ago() is needed.
resource snapshotsMissing 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-snapshots-missing'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'No successful snapshot (dead-man, per source)'
    description: 'No SnapshotSucceeded for a source within the window (three schedule intervals). Runbook: docs/deploy.md#dead-man-no-successful-snapshot'
    severity: 1
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT${deadManWindowMinutes}M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: '''
datatable(Source: string) ["conduit", "threecommas"]
| join kind=leftouter (
    traces
    | where customDimensions.EventName == "SnapshotSucceeded"
    | summarize Succeeded = count() by Source = tostring(customDimensions.Source)
  ) on Source
| where coalesce(Succeeded, 0) == 0
| project Source
'''
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'Source'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: failingOnce
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}

// Any failed invocation (timer or HTTP) or unhandled exception, per function.
resource functionFailures 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-function-failures'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Function failures'
    description: 'Function invocations failed (requests with success == false) or threw exceptions. Runbook: docs/deploy.md#function-failures'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: '''
union
  (requests | where success == false | project timestamp, Operation = operation_Name),
  (exceptions | project timestamp, Operation = operation_Name)
'''
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'Operation'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: failingOnce
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}

output alertRuleIds array = [
  exchangeApiKeyInvalid.id
  credentialsRejected.id
  snapshotsMissing.id
  functionFailures.id
]
