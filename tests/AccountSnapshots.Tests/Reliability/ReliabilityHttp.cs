namespace AccountSnapshots.Tests.Reliability;

/// <summary>Constants shared by the HTTP-facing reliability tests.</summary>
internal static class ReliabilityHttp
{
    public const string ApiKey = "reliability-api-key-0123456789abcdef";
}
