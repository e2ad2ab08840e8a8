namespace AccountSnapshots.Aggregation;

/// <summary>Values of <see cref="SourceStatus.Status"/>.</summary>
public static class SourceStatusValues
{
    /// <summary>The last attempt succeeded.</summary>
    public const string Ok = "ok";

    /// <summary>The last attempt failed or the source is overdue; earlier good data is served.</summary>
    public const string Stale = "stale";

    /// <summary>The last attempt failed and no good data exists.</summary>
    public const string Failed = "failed";

    /// <summary>No attempt yet.</summary>
    public const string Never = "never";
}
