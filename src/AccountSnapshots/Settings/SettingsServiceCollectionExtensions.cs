using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Settings;

/// <summary>Binds a settings section to its options type with its validator, so no registration can forget either.</summary>
internal static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <paramref name="section"/> to <typeparamref name="TOptions"/>, registers <typeparamref name="TValidator"/>
    /// and validates at start, so a wrong setting stops the host before its first run with a message naming the
    /// setting (one-shot CLI commands, whose host never starts, run the same validators in <c>CoreServices</c>).
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
    }
}
