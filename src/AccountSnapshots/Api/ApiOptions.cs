namespace AccountSnapshots.Api;

/// <summary>Settings of the dashboard HTTP API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Api";

    /// <summary>
    /// Keys accepted by the CLI host (<c>x-functions-key</c> header or <c>code</c> query); default none. Configure as
    /// an array (<c>Api:Keys:0</c>, <c>Api:Keys:1</c>) or one comma-separated <c>Api:Keys</c> string. The Functions
    /// host ignores them: the platform checks function keys itself.
    /// </summary>
    public IList<string> Keys { get; set; } = [];

    /// <summary>Serve without a key in the CLI host (loopback demos only); default false.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Upper bound of <c>Cache-Control: max-age</c> in seconds; default 0, which sends <c>private, no-cache</c> (the
    /// client keeps its copy but revalidates every use with the ETag). Above 0: <c>private, max-age</c> up to the next
    /// scheduled snapshot, at most this many seconds.
    /// </summary>
    public int MaxAgeSeconds { get; set; }

    /// <summary>How often the cached aggregate re-checks the store's version; default 00:00:05.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Origins allowed to read the API from a browser (CORS, GET/HEAD only); default none (CORS off).</summary>
    public IList<string> CorsOrigins { get; set; } = [];

    /// <summary>Longest range <c>/api/accounts/history</c> answers, in days; default 400.</summary>
    public int MaxHistoryDays { get; set; } = 400;

    /// <summary>Most rows <c>/api/accounts/history</c> answers in one response; default 1000000.</summary>
    public int MaxHistoryRows { get; set; } = 1_000_000;
}
