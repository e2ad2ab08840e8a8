using System.Globalization;

namespace AccountSnapshots.Sandbox;

/// <summary>
/// One injected fault for one API. Parse syntax: <c>api:spec[:param]…</c> where api is <c>conduit</c> or
/// <c>threecommas</c>; spec is an HTTP status (<c>429</c>, <c>418</c>, <c>401</c>, <c>500x3</c>), <c>slow=MS</c>,
/// <c>truncated</c>, <c>cut</c>, <c>malformed</c>, <c>html</c> or <c>reset</c> (each with an optional <c>xN</c> repeat); params are
/// <c>retry-after=S</c> (seconds), <c>retry-after-date=S</c> (HTTP date S seconds ahead) and <c>persistent</c>.
/// </summary>
public sealed record SandboxFault
{
    /// <summary>Conduit API name in fault strings.</summary>
    public const string ConduitApi = "conduit";

    /// <summary>3Commas API name in fault strings.</summary>
    public const string ThreeCommasApi = "threecommas";

    /// <summary><see cref="ConduitApi"/> or <see cref="ThreeCommasApi"/>; null for faults built in code for a known queue.</summary>
    public string? Api { get; init; }

    /// <summary>What the fault does.</summary>
    public required SandboxFaultKind Kind { get; init; }

    /// <summary>HTTP status for <see cref="SandboxFaultKind.Status"/> and <see cref="SandboxFaultKind.Body"/> (default 200).</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Retry-After in seconds on a 429.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Send <see cref="RetryAfter"/> as an HTTP date rather than seconds.</summary>
    public bool RetryAfterAsDate { get; init; }

    /// <summary>Delay for <see cref="SandboxFaultKind.Slow"/>.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Body for <see cref="SandboxFaultKind.Body"/>.</summary>
    public string? Body { get; init; }

    /// <summary>Content type for <see cref="SandboxFaultKind.Body"/>. Default application/json.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>Extra response headers for <see cref="SandboxFaultKind.Body"/> (e.g. <c>Location</c>).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>How many consecutive responses the fault applies to when enqueued. Default 1.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>True to install the fault as the persistent fault (every response) instead of enqueueing it.</summary>
    public bool Persistent { get; init; }

    /// <summary>An HTTP status answer, e.g. <c>SandboxFault.Status(503)</c>.</summary>
    public static SandboxFault Status(int statusCode, int repeat = 1) => new() { Kind = SandboxFaultKind.Status, StatusCode = statusCode, Repeat = repeat };

    /// <summary>A 429, with a Retry-After in seconds when given.</summary>
    public static SandboxFault TooManyRequests(TimeSpan? retryAfter = null, bool asDate = false) =>
        new() { Kind = SandboxFaultKind.Status, StatusCode = 429, RetryAfter = retryAfter, RetryAfterAsDate = asDate };

    /// <summary>A delay before a normal answer; <see cref="TimeSpan.Zero"/> lets one response through untouched.</summary>
    public static SandboxFault Slow(TimeSpan delay) => new() { Kind = SandboxFaultKind.Slow, Delay = delay };

    /// <summary>A redirect to <paramref name="location"/>; clients must not follow it with their credentials.</summary>
    public static SandboxFault Redirect(Uri location, int statusCode = 302) =>
        WithBody("", statusCode, "text/plain") with { Headers = new Dictionary<string, string> { ["Location"] = location.ToString() } };

    /// <summary>A custom body, e.g. a valid JSON document of the wrong shape.</summary>
    public static SandboxFault WithBody(string body, int statusCode = 200, string contentType = "application/json") =>
        new() { Kind = SandboxFaultKind.Body, Body = body, StatusCode = statusCode, ContentType = contentType };

    /// <summary>Parses a fault string such as <c>conduit:429:retry-after=2</c>; throws <see cref="FormatException"/> naming the problem.</summary>
    public static SandboxFault Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        if (parts.Length < 2 || parts[0] is not (ConduitApi or ThreeCommasApi))
        {
            throw Invalid(text, "it must start with 'conduit:' or 'threecommas:' followed by a fault");
        }

        var (spec, repeat) = SplitRepeat(text, parts[1]);
        SandboxFault fault;
        if (spec.Length == 3 && int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599)
        {
            fault = Status(status);
        }
        else if (spec.StartsWith("slow=", StringComparison.Ordinal))
        {
            fault = new SandboxFault { Kind = SandboxFaultKind.Slow, Delay = TimeSpan.FromMilliseconds(ParseNumber(text, spec["slow=".Length..], "slow")) };
        }
        else
        {
            fault = spec switch
            {
                "truncated" => new SandboxFault { Kind = SandboxFaultKind.Truncated },
                "malformed" => new SandboxFault { Kind = SandboxFaultKind.Malformed },
                "html" => new SandboxFault { Kind = SandboxFaultKind.Html },
                "reset" => new SandboxFault { Kind = SandboxFaultKind.Reset },
                "cut" => new SandboxFault { Kind = SandboxFaultKind.Cut },
                _ => throw Invalid(text, $"'{spec}' is not a fault (use an HTTP status like 500, slow=MS, truncated, cut, malformed, html or reset)"),
            };
        }

        fault = fault with { Api = parts[0], Repeat = repeat };
        foreach (var parameter in parts.Skip(2))
        {
            if (parameter == "persistent")
            {
                fault = fault with { Persistent = true };
            }
            else if (parameter.StartsWith("retry-after=", StringComparison.Ordinal) && fault.StatusCode == 429)
            {
                fault = fault with { RetryAfter = TimeSpan.FromSeconds(ParseNumber(text, parameter["retry-after=".Length..], "retry-after")) };
            }
            else if (parameter.StartsWith("retry-after-date=", StringComparison.Ordinal) && fault.StatusCode == 429)
            {
                fault = fault with
                {
                    RetryAfter = TimeSpan.FromSeconds(ParseNumber(text, parameter["retry-after-date=".Length..], "retry-after-date")),
                    RetryAfterAsDate = true,
                };
            }
            else
            {
                throw Invalid(text, $"'{parameter}' is not a known parameter (retry-after=S and retry-after-date=S go with 429; persistent with any fault)");
            }
        }

        return fault;
    }

    private static (string Spec, int Repeat) SplitRepeat(string text, string spec)
    {
        var x = spec.LastIndexOf('x');
        if (x > 0 && x < spec.Length - 1 && spec[(x + 1)..].All(char.IsAsciiDigit) && !spec.StartsWith("slow=", StringComparison.Ordinal))
        {
            var repeat = ParseNumber(text, spec[(x + 1)..], "repeat");
            if (repeat < 1)
            {
                throw Invalid(text, "the repeat count must be at least 1");
            }

            return (spec[..x], repeat);
        }

        return (spec, 1);
    }

    private static int ParseNumber(string text, string value, string what) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid(text, $"{what} needs a non-negative whole number, not '{value}'");

    private static FormatException Invalid(string text, string reason) =>
        new($"Invalid sandbox fault '{text}': {reason}. Examples: conduit:429:retry-after=2, threecommas:418, conduit:500x3, conduit:slow=2000.");
}
