using AccountSnapshots.Sandbox;

namespace AccountSnapshots.Tests.Sandbox;

public sealed class SandboxFaultTests
{
    [Fact]
    public void Parses_status_faults_with_repeat_and_retry_after()
    {
        Assert.Equal(
            new SandboxFault { Api = "conduit", Kind = SandboxFaultKind.Status, StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(2) },
            SandboxFault.Parse("conduit:429:retry-after=2"));
        Assert.Equal(
            new SandboxFault { Api = "conduit", Kind = SandboxFaultKind.Status, StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(3), RetryAfterAsDate = true },
            SandboxFault.Parse("conduit:429:retry-after-date=3"));
        Assert.Equal(new SandboxFault { Api = "conduit", Kind = SandboxFaultKind.Status, StatusCode = 500, Repeat = 3 }, SandboxFault.Parse("conduit:500x3"));
        Assert.Equal(new SandboxFault { Api = "threecommas", Kind = SandboxFaultKind.Status, StatusCode = 418 }, SandboxFault.Parse("threecommas:418"));
        Assert.Equal(new SandboxFault { Api = "conduit", Kind = SandboxFaultKind.Status, StatusCode = 401 }, SandboxFault.Parse("conduit:401"));
    }

    [Fact]
    public void Parses_body_and_timing_faults()
    {
        Assert.Equal(new SandboxFault { Api = "conduit", Kind = SandboxFaultKind.Slow, Delay = TimeSpan.FromSeconds(2) }, SandboxFault.Parse("conduit:slow=2000"));
        Assert.Equal(SandboxFaultKind.Truncated, SandboxFault.Parse("threecommas:truncated").Kind);
        Assert.Equal(SandboxFaultKind.Malformed, SandboxFault.Parse("conduit:malformed").Kind);
        Assert.Equal(SandboxFaultKind.Html, SandboxFault.Parse("conduit:html").Kind);
        Assert.Equal((SandboxFaultKind.Reset, 2), (SandboxFault.Parse("conduit:resetx2").Kind, SandboxFault.Parse("conduit:resetx2").Repeat));
        Assert.True(SandboxFault.Parse("threecommas:503:persistent").Persistent);
    }

    [Theory]
    [InlineData("", "must start with")]
    [InlineData("github:500", "must start with")]
    [InlineData("conduit", "must start with")]
    [InlineData("conduit:teapot", "'teapot' is not a fault")]
    [InlineData("conduit:slow=fast", "slow needs a non-negative whole number")]
    [InlineData("conduit:500:retry-after=2", "'retry-after=2' is not a known parameter")]
    [InlineData("conduit:429:retry-after=-1", "retry-after needs a non-negative whole number")]
    [InlineData("conduit:500x0", "repeat count must be at least 1")]
    public void Refuses_bad_input_with_a_clear_message(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => SandboxFault.Parse(text));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", exception.Message, StringComparison.Ordinal);
    }
}
