using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Sandbox;

/// <summary>Small HTTP helpers both stand-ins and the fault responder use.</summary>
internal static class SandboxHttp
{
    /// <summary>What a maintenance page in front of an API looks like: a 200 that is not JSON.</summary>
    public const string MaintenancePage = "<!DOCTYPE html><html><body><h1>Scheduled maintenance</h1></body></html>";

    public static async Task WriteTextAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>Credential comparison in constant time, as a real API does.</summary>
    public static bool FixedEquals(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));

    /// <summary>3Commas paging parameters; null for a value that is not an integer.</summary>
    public static (int? Page, int? PerPage) ParsePaging(IQueryCollection query)
    {
        static int? Read(IQueryCollection query, string name, int fallback) =>
            !query.TryGetValue(name, out var value) ? fallback
            : int.TryParse(value.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
        return (Read(query, "page", 1), Read(query, "per_page", 100));
    }
}
