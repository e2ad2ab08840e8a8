using AccountSnapshots.Upstream;

namespace AccountSnapshots.Api.Commands;

/// <summary>Values a host prints for people, written the way the API's CSV and the stored documents write them.</summary>
public static class CommandText
{
    /// <summary>A UTC time as the API's CSV writes it.</summary>
    public static string FormatUtc(DateTimeOffset value) => AggregateCsvWriter.FormatUtc(value);

    /// <summary>The stored name of an upstream failure kind (<c>auth</c>, <c>rate_limit</c>, …).</summary>
    public static string FailureKindName(UpstreamErrorKind kind) => UpstreamFailures.KindName(kind);
}
