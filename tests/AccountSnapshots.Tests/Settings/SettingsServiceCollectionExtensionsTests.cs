using AccountSnapshots.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Tests.Settings;

public sealed class SettingsServiceCollectionExtensionsTests
{
    [Fact]
    public void A_bound_setting_reaches_the_options()
    {
        using var services = Build(new() { ["Sample:Size"] = "7" });

        Assert.Equal(7, services.GetRequiredService<IOptions<SampleOptions>>().Value.Size);
    }

    [Fact]
    public void A_wrong_setting_is_refused_at_start_with_the_validators_message()
    {
        using var services = Build(new() { ["Sample:Size"] = "0" });

        // The start-up validator is what a host runs when it starts: without ValidateOnStart it has nothing to check.
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Sample:Size must be at least 1"], error.Failures);
    }

    [Fact]
    public void Registering_twice_adds_the_validator_once()
    {
        var configuration = Configuration(new() { ["Sample:Size"] = "0" });
        using var services = new ServiceCollection()
            .AddValidatedOptions<SampleOptions, SampleOptionsValidator>(configuration.GetSection("Sample")).Services
            .AddValidatedOptions<SampleOptions, SampleOptionsValidator>(configuration.GetSection("Sample")).Services
            .BuildServiceProvider();

        Assert.Single(services.GetServices<IValidateOptions<SampleOptions>>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddValidatedOptions<SampleOptions, SampleOptionsValidator>(Configuration(settings).GetSection("Sample")).Services
            .BuildServiceProvider();

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private sealed class SampleOptions
    {
        public int Size { get; set; } = 1;
    }

    private sealed class SampleOptionsValidator : IValidateOptions<SampleOptions>
    {
        public ValidateOptionsResult Validate(string? name, SampleOptions options) =>
            options.Size < 1 ? ValidateOptionsResult.Fail("Sample:Size must be at least 1") : ValidateOptionsResult.Success;
    }
}
