using AccountSnapshots.Conduit;
using AccountSnapshots.ThreeCommas;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Tests.Upstream;

public sealed class UpstreamServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_both_sources_as_themselves_and_as_account_sources_with_documented_defaults()
    {
        using var services = Build(new Dictionary<string, string?>());

        Assert.Equal(["conduit", "threecommas"], services.GetServices<IAccountSource>().Select(source => source.Name));
        Assert.NotNull(services.GetRequiredService<ConduitClient>());
        Assert.NotNull(services.GetRequiredService<ThreeCommasClient>());
        var conduit = services.GetRequiredService<IOptions<ConduitOptions>>().Value;
        Assert.Equal(
            (new Uri("https://api.conduit.financial"), "2024-12-01", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), 3, TimeSpan.FromSeconds(1)),
            (conduit.BaseUrl, conduit.ApiVersion, conduit.RateLimitBudget, conduit.AttemptTimeout, conduit.TotalTimeout, conduit.MaxRetries, conduit.RetryBaseDelay));
        var threeCommas = services.GetRequiredService<IOptions<ThreeCommasOptions>>().Value;
        Assert.Equal(
            (new Uri("https://api.3commas.io/public/api"), "real", 100, 100),
            (threeCommas.BaseUrl, threeCommas.ForcedMode, threeCommas.PerPage, threeCommas.MaxPages));
        Assert.Equal(
            (67108864L, 100, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), 3, TimeSpan.FromSeconds(1), 30),
            (threeCommas.MaxResponseBytes, threeCommas.MaxAmountDigits, threeCommas.AttemptTimeout, threeCommas.TotalTimeout, threeCommas.MaxRetries, threeCommas.RetryBaseDelay, threeCommas.RequestsPerMinute));
    }

    [Theory]
    [InlineData("ThreeCommas:ForcedMode", "", "ThreeCommas:ForcedMode must be \"real\" or \"paper\"")]
    [InlineData("ThreeCommas:ForcedMode", "demo", "ThreeCommas:ForcedMode must be \"real\" or \"paper\"")]
    [InlineData("ThreeCommas:PerPage", "101", "ThreeCommas:PerPage must be between 1 and 100")]
    [InlineData("ThreeCommas:MaxPages", "0", "ThreeCommas:MaxPages must be between 1 and 100")]
    [InlineData("ThreeCommas:MaxPages", "101", "ThreeCommas:MaxPages must be between 1 and 100")]
    [InlineData("ThreeCommas:RequestsPerMinute", "0", "ThreeCommas:RequestsPerMinute may be 0 (no pacing) only when ThreeCommas:BaseUrl is a loopback address")]
    [InlineData("ThreeCommas:RequestsPerMinute", "-1", "ThreeCommas:RequestsPerMinute must be between 1 and 90")]
    [InlineData("ThreeCommas:RequestsPerMinute", "91", "ThreeCommas:RequestsPerMinute must be between 1 and 90")]
    [InlineData("ThreeCommas:BaseUrl", "ftp://example.com", "ThreeCommas:BaseUrl must be an absolute http(s) URI")]
    [InlineData("Conduit:BaseUrl", "relative/path", "Conduit:BaseUrl must be an absolute http(s) URI")]
    [InlineData("Conduit:BaseUrl", "http://api.conduit.financial", "Conduit:BaseUrl must use https; http is accepted only for a loopback host")]
    [InlineData("ThreeCommas:BaseUrl", "http://10.0.0.5:8080/public/api", "ThreeCommas:BaseUrl must use https; http is accepted only for a loopback host")]
    [InlineData("Conduit:MaxResponseBytes", "1023", "Conduit:MaxResponseBytes must be between 1024 and 1073741824")]
    [InlineData("ThreeCommas:MaxResponseBytes", "1073741825", "ThreeCommas:MaxResponseBytes must be between 1024 and 1073741824")]
    [InlineData("Conduit:MaxAmountDigits", "59", "Conduit:MaxAmountDigits must be between 60 and 4096")]
    [InlineData("ThreeCommas:MaxAmountDigits", "4097", "ThreeCommas:MaxAmountDigits must be between 60 and 4096")]
    [InlineData("Conduit:ApiVersion", " ", "Conduit:ApiVersion must not be empty")]
    [InlineData("Conduit:RateLimitBudget", "-00:00:01", "Conduit:RateLimitBudget must be between")]
    [InlineData("Conduit:AttemptTimeout", "00:00:00", "Conduit:AttemptTimeout must be between")]
    [InlineData("Conduit:TotalTimeout", "00:00:01", "Conduit:TotalTimeout must be at least Conduit:AttemptTimeout")]
    [InlineData("Conduit:MaxRetries", "11", "Conduit:MaxRetries must be between 0 and 10")]
    public void Rejects_invalid_settings_with_a_message_naming_the_setting(string key, string value, string message)
    {
        using var services = Build(new Dictionary<string, string?> { [key] = value });

        var exception = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<ConduitOptions>>().Value;
            _ = services.GetRequiredService<IOptions<ThreeCommasOptions>>().Value;
        });

        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Turns_3Commas_pacing_off_only_for_a_loopback_stand_in()
    {
        using var services = Build(new Dictionary<string, string?> { ["ThreeCommas:BaseUrl"] = "http://127.0.0.1:5080/public/api", ["ThreeCommas:RequestsPerMinute"] = "0" });

        Assert.Equal(0, services.GetRequiredService<IOptions<ThreeCommasOptions>>().Value.RequestsPerMinute);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    [InlineData("https://api.conduit.financial")]
    public void Accepts_http_only_for_a_loopback_host(string baseUrl)
    {
        using var services = Build(new Dictionary<string, string?> { ["Conduit:BaseUrl"] = baseUrl, ["ThreeCommas:BaseUrl"] = baseUrl });

        Assert.Equal(new Uri(baseUrl), services.GetRequiredService<IOptions<ConduitOptions>>().Value.BaseUrl);
        Assert.Equal(new Uri(baseUrl), services.GetRequiredService<IOptions<ThreeCommasOptions>>().Value.BaseUrl);
    }

    [Fact]
    public void Caps_response_bodies_at_64_MiB_by_default()
    {
        using var services = Build(new Dictionary<string, string?>());

        Assert.Equal(64L * 1024 * 1024, services.GetRequiredService<IOptions<ConduitOptions>>().Value.MaxResponseBytes);
        Assert.Equal(64L * 1024 * 1024, services.GetRequiredService<IOptions<ThreeCommasOptions>>().Value.MaxResponseBytes);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddUpstreamSources(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
