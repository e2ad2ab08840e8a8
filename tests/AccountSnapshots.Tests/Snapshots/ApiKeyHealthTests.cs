using AccountSnapshots.Model;

namespace AccountSnapshots.Tests.Snapshots;

public sealed class ApiKeyHealthTests
{
    [Theory]
    [InlineData("yzNYzv8a0VEBwsrhc3MDpHZ7XMqa1vJqSqHzpfjjKpdFF9SbQsVQKRl3hKNyZU45", "…ZU45")]
    [InlineData("gyTAiGCgRe1hctsA1J", "…sA1J")]
    [InlineData("short", "…")]
    [InlineData("", "")]
    public void Mask_keeps_only_the_last_four_characters(string key, string expected)
    {
        Assert.Equal(expected, ApiKeyHealth.Mask(key));
    }

    [Theory]
    [InlineData(false, "ok", false)]
    [InlineData(false, null, false)]
    [InlineData(true, "ok", true)]
    [InlineData(false, "expired", true)]
    [InlineData(false, "some_new_state", true)]
    public void An_account_needs_attention_when_its_key_is_invalid_or_its_state_is_not_ok(bool invalid, string? state, bool expected)
    {
        Assert.Equal(expected, new ApiKeyHealth { Invalid = invalid, State = state }.NeedsAttention);
    }
}
