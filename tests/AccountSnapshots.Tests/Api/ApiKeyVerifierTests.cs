using System.Net;
using AccountSnapshots.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Tests.Api;

public sealed class ApiKeyVerifierTests
{
    private const string Key = "verifier-test-key-0123456789abcdef0123";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData(null)]
    public void Anonymous_access_is_granted_on_a_loopback_connection(string? localAddress)
    {
        var verifier = Verifier(allowAnonymous: true);

        Assert.True(verifier.IsAuthorized(Request(localAddress, key: null), out _));
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.0.2.2")]
    [InlineData("::ffff:192.0.2.2")]
    [InlineData("fe80::1")]
    public void Anonymous_access_is_refused_on_any_other_address_where_a_key_still_works(string localAddress)
    {
        var verifier = Verifier(allowAnonymous: true);

        Assert.False(verifier.IsAuthorized(Request(localAddress, key: null), out var reason));
        Assert.Equal("no key", reason);
        Assert.True(verifier.IsAuthorized(Request(localAddress, Key), out _));
    }

    private static ApiKeyVerifier Verifier(bool allowAnonymous) =>
        new(Options.Create(new ApiOptions { AllowAnonymous = allowAnonymous, Keys = [Key] }));

    private static HttpRequest Request(string? localAddress, string? key)
    {
        var context = new DefaultHttpContext();
        context.Connection.LocalIpAddress = localAddress is null ? null : IPAddress.Parse(localAddress);
        if (key is not null)
        {
            context.Request.Headers[ApiKeyVerifier.HeaderName] = key;
        }

        return context.Request;
    }
}
