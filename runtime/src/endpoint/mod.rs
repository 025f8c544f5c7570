//! Endpoint resolution from a service's `smithy.rules#endpointRuleSet`.
