using AccountSnapshots.Aggregation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Tests.Aggregation;

public sealed class AggregationOptionsTests
{
    [Fact]
    public void The_retry_limit_is_read_from_the_published_snapshots_setting()
    {
        using var services = Build(new() { ["Snapshots:MaxAggregateAttempts"] = "3" });

        Assert.Equal(3, services.GetRequiredService<IOptions<AggregationOptions>>().Value.MaxAggregateAttempts);
    }

    [Fact]
    public void The_retry_limit_defaults_to_twenty()
    {
        using var services = Build([]);

        Assert.Equal(20, services.GetRequiredService<IOptions<AggregationOptions>>().Value.MaxAggregateAttempts);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public void An_out_of_range_retry_limit_is_refused_at_start_naming_the_setting(string value)
    {
        using var services = Build(new() { ["Snapshots:MaxAggregateAttempts"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Snapshots:MaxAggregateAttempts must be between 1 and 1000", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddAggregation(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
