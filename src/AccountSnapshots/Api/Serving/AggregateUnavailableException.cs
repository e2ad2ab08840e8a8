namespace AccountSnapshots.Api;

/// <summary>The store failed and no earlier aggregate is cached: the API answers 503.</summary>
internal sealed class AggregateUnavailableException(string message, Exception innerException) : Exception(message, innerException);
