using System.Text;
using AccountSnapshots.ThreeCommas;

namespace AccountSnapshots.Tests.ThreeCommas;

public sealed class ThreeCommasApiKeyMaskerTests
{
    [Fact]
    public void Masks_every_api_key_value_and_copies_numbers_as_raw_text()
    {
        var json = """[{"id":12345678,"api_key":"yzNYzv8a0VEBwsrhc3MDpHZ7XMqa1vJqSqHzpfjjKpdFF9SbQsVQKRl3hKNyZU45","nested":{"api_key":"gyTAiGCgRe1hctsA1J"},"amount":-0.05357667685386205,"big":1.731778029756100000000000000000150887648576,"e":1.6199672389633248e-06,"s":"Infinity","u":"caf\u00e9"}]"""u8;

        var masked = Encoding.UTF8.GetString(ThreeCommasApiKeyMasker.Mask(json, out var complete).Span);

        Assert.True(complete);
        Assert.Equal("""[{"id":12345678,"api_key":"…ZU45","nested":{"api_key":"…sA1J"},"amount":-0.05357667685386205,"big":1.731778029756100000000000000000150887648576,"e":1.6199672389633248e-06,"s":"Infinity","u":"café"}]""", masked);
    }

    [Fact]
    public void Keeps_only_the_masked_prefix_of_a_truncated_body()
    {
        var json = """[{"id":1,"api_key":"yzNYzv8a0VEBwsrhc3MDpHZ7XMqa1vJqSqHzpfjjKpdFF9SbQsVQKRl3hKNyZU45"},{"id":2,"api_key":"gyTAiGCgRe1hc"""u8;

        var masked = Encoding.UTF8.GetString(ThreeCommasApiKeyMasker.Mask(json, out var complete).Span);

        Assert.False(complete);
        Assert.DoesNotContain("yzNYzv8a0VEB", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("gyTAiGCgRe1hc", masked, StringComparison.Ordinal);
        Assert.Contains("…ZU45", masked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"id":1,"api_key":12345678901234567890}]""", """[{"id":1,"api_key":"…7890"}]""")]
    [InlineData("""[{"id":1,"api_key":["yzNYzv8a0VEBwsrh","c3MDpHZ7XMqa1vJq"]}]""", """[{"id":1,"api_key":"…"}]""")]
    [InlineData("""[{"id":1,"api_key":{"part":"yzNYzv8a0VEBwsrh"}}]""", """[{"id":1,"api_key":"…"}]""")]
    [InlineData("""[{"id":1,"API_Key":"yzNYzv8a0VEBwsrhZU45"}]""", """[{"id":1,"API_Key":"…ZU45"}]""")]
    [InlineData("""[{"id":1,"nested":{"apiKey":"yzNYzv8a0VEBwsrhZU45"}}]""", """[{"id":1,"nested":{"apiKey":"…ZU45"}}]""")]
    [InlineData("""[{"id":1,"API-KEY":"yzNYzv8a0VEBwsrhZU45"}]""", """[{"id":1,"API-KEY":"…ZU45"}]""")]
    [InlineData("""[{"id":1,"api_secret":"s3cr3tVEBwsrhZU45","passphrase":"hunter2hunter2"}]""", """[{"id":1,"api_secret":"…ZU45","passphrase":"…ter2"}]""")]
    [InlineData("""[{"id":1,"api_key_invalid":true}]""", """[{"id":1,"api_key_invalid":true}]""")]
    [InlineData("\uFEFF[{\"id\":1,\"api_key\":\"yzNYzv8a0VEBwsrhZU45\"}]", """[{"id":1,"api_key":"…ZU45"}]""")]
    public void Masks_an_api_key_of_any_shape_and_behind_a_byte_order_mark(string json, string expected)
    {
        var masked = Encoding.UTF8.GetString(ThreeCommasApiKeyMasker.Mask(Encoding.UTF8.GetBytes(json), out var complete).Span);

        Assert.True(complete);
        Assert.Equal(expected, masked);
    }

    [Fact]
    public void Keeps_nothing_of_an_array_key_cut_off_mid_way()
    {
        var json = """[{"id":1,"api_key":["yzNYzv8a0VEBwsrh","c3MDpHZ7"""u8;

        var masked = Encoding.UTF8.GetString(ThreeCommasApiKeyMasker.Mask(json, out var complete).Span);

        Assert.False(complete);
        Assert.DoesNotContain("yzNYzv8a0VEBwsrh", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("c3MDpHZ7", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_valid_UTF8_keeps_nothing_and_does_not_throw()
    {
        byte[] json = [.. Encoding.UTF8.GetBytes("[{\"id\":1,\"api_"), 0xff, .. Encoding.UTF8.GetBytes("key\":\"yzNYzv8a0VEBwsrhZU45\"}]")];

        var masked = ThreeCommasApiKeyMasker.Mask(json, out var complete);

        Assert.False(complete);
        Assert.True(masked.IsEmpty);
    }
}
