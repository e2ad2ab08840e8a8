using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api;

/// <summary>
/// Checks the CLI host's API keys (<c>x-functions-key</c> header or <c>code</c> query, like the Functions host). A
/// request presents exactly one key: two header values, two <c>code</c> values or a header plus a <c>code</c> is 401.
/// Keys are compared as SHA-256 digests with a fixed-time comparison against every configured key, so neither the
/// position nor the length of a mismatch shows in the timing.
/// </summary>
internal sealed class ApiKeyVerifier(IOptions<ApiOptions> options)
{
    /// <summary>The header the Functions host also accepts.</summary>
    public const string HeaderName = "x-functions-key";

    /// <summary>The query parameter the Functions host also accepts.</summary>
    public const string QueryName = "code";

    /// <summary>Longer than any sane key; hashing a megabyte header on every request is not.</summary>
    public const int MaxKeyLength = 1024;

    private readonly byte[][] _digests = [.. options.Value.Keys.Where(k => !string.IsNullOrEmpty(k)).Select(Digest)];

    /// <summary>True when the request carries a configured key, or anonymous access is on and it came in on loopback.</summary>
    public bool IsAuthorized(HttpRequest request, out string reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        reason = "";

        // Start-up refuses Api:AllowAnonymous unless --urls is loopback, but Kestrel may also listen where its own
        // settings (Kestrel:Endpoints) say: so anonymous access is granted per request, by the address it arrived on.
        // No IP address means no network: an in-memory server, or a Unix socket or named pipe, reachable only on
        // this machine (as loopback is, and exposed only by whatever proxies it).
        if (options.Value.AllowAnonymous && request.HttpContext.Connection.LocalIpAddress is var local
            && (local is null || IPAddress.IsLoopback(local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local)))
        {
            return true;
        }

        var presented = request.Headers[HeaderName].Concat(request.Query[QueryName]).Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (presented.Count == 0)
        {
            reason = "no key";
            return false;
        }

        if (presented.Count > 1)
        {
            // One request, one key: trying every header and code value would let a client test many guesses at once.
            reason = "more than one key";
            return false;
        }

        var candidate = presented[0]!;
        if (candidate.Length <= MaxKeyLength && Matches(Digest(candidate)))
        {
            return true;
        }

        reason = "wrong key";
        return false;
    }

    private bool Matches(byte[] digest)
    {
        var match = false;
        foreach (var expected in _digests)
        {
            // No early exit: every key is compared.
            match |= CryptographicOperations.FixedTimeEquals(digest, expected);
        }

        return match;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
