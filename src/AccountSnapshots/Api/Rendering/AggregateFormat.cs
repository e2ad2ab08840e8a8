namespace AccountSnapshots.Api;

/// <summary>Representations of the latest aggregate.</summary>
internal enum AggregateFormat
{
    /// <summary>The aggregate document (default).</summary>
    Json,

    /// <summary>One row per balance or valuation.</summary>
    Csv,
}

/// <summary>The media types every route answers in, written once.</summary>
internal static class AggregateFormatContentTypes
{
    public const string Json = "application/json; charset=utf-8";

    public const string Csv = "text/csv; charset=utf-8";

    public static string Of(AggregateFormat format) => format == AggregateFormat.Csv ? Csv : Json;
}
