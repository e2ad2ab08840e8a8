using System.Text;
using AccountSnapshots.Conduit;
using AccountSnapshots.ThreeCommas;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Upstream;

/// <summary>
/// The error code taken from an upstream's error body is stored, served and logged, so only an identifier-like token
/// is kept; and a body that is not valid UTF-8 is a format error, never an unhandled exception.
/// </summary>
public sealed class UpstreamErrorBodyTests
{
    [Theory]
    [InlineData("""{"error":"signature_invalid"}""", "signature_invalid")]
    [InlineData("""{"error":{"code":"rate_limit_exceeded"}}""", "rate_limit_exceeded")]
    [InlineData("""{"error":{"code":429}}""", "429")]
    [InlineData("""{"error":{"status_code":502}}""", "status_code 502")]
    [InlineData("""{"errors":[{"code":"API_KEY_INVALID"}]}""", "API_KEY_INVALID")]
    [InlineData("""{"code":"RATE_LIMITED"}""", "RATE_LIMITED")]
    public void Keeps_an_identifier_like_code(string body, string code) =>
        Assert.Equal(code, UpstreamErrorBody.TryGetCode(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("""{"error":{"code":{"api_key":"EXCHANGEKEY-CLEAR-0123"}}}""")]
    [InlineData("""{"error":"bad key EXCHANGEKEY0123456789abcdef"}""")]
    [InlineData("""{"error":"3f9a1c0e7b5d4a2f8e6c1b0a9d8f7e6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e"}""")]
    [InlineData("""{"title":"Invalid API key: k_live_0123"}""")]
    [InlineData("""{"error":{"status_code":"EXCHANGEKEY"}}""")]
    [InlineData("""{"error":"signature_invalid\n"}""")]
    public void Drops_free_text_objects_and_long_runs_that_could_be_a_key(string body) =>
        Assert.Null(UpstreamErrorBody.TryGetCode(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void A_code_that_is_not_valid_UTF8_gives_no_code()
    {
        var body = WithInvalidUtf8("{\"error\":\"sig_", "\"}");

        Assert.Null(UpstreamErrorBody.TryGetCode(body));
    }

    [Fact]
    public void A_3Commas_name_that_is_not_valid_UTF8_is_a_format_error()
    {
        var body = WithInvalidUtf8("[{\"id\":1,\"name\":\"My ", "\",\"market_code\":\"binance\",\"usd_amount\":\"1\",\"btc_amount\":\"0\"}]");

        var error = Assert.Throws<UpstreamFormatException>(() => ThreeCommasAccountsParser.Parse(body));
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Conduit_name_that_is_not_valid_UTF8_is_a_format_error()
    {
        var body = WithInvalidUtf8("{\"data\":[{\"id\":\"c1\",\"accountId\":\"a1\",\"businessLegalName\":\"Acme ", "\",\"balances\":{\"available\":[]}}]}");

        var error = Assert.Throws<UpstreamFormatException>(() => ConduitAccountsParser.Parse(body));
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    // 0xFF and 0xFE never occur in UTF-8.
    private static byte[] WithInvalidUtf8(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0xff, 0xfe, .. Encoding.UTF8.GetBytes(after)];
}
