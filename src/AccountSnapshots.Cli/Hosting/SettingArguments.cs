namespace AccountSnapshots.Cli.Hosting;

/// <summary>
/// Checks the command-line words no option took, which the commands hand to the command-line configuration provider
/// as settings. It accepts what that provider reads (<c>--Section:Key=value</c>, <c>--Section:Key value</c>,
/// <c>/Section:Key=value</c>, a bare <c>Section:Key=value</c>) for a name with a section or a root setting; anything
/// else would be silently ignored (a single-dash word, a stray word) or taken as a setting nobody reads (a mistyped
/// <c>--sourse</c>, a wrong-case <c>--Source</c>), so it is refused before anything runs.
/// </summary>
internal static class SettingArguments
{
    private static readonly HashSet<string> RootSettings = new(AccountSnapshotsServiceCollectionExtensions.RootSettingNames, StringComparer.OrdinalIgnoreCase);

    /// <summary>The message for the first word that is not a setting, or null when every word is one.</summary>
    public static string? FindError(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var bare = !token.StartsWith('-') && !token.StartsWith('/');
            if (!bare && !token.StartsWith("--", StringComparison.Ordinal) && !token.StartsWith('/'))
            {
                // A single dash: the provider ignores such a word (or fails on it) rather than reading a setting.
                return UnknownOption(token);
            }

            var key = bare ? token : token[(token.StartsWith('/') ? 1 : 2)..];
            var equals = key.IndexOf('=', StringComparison.Ordinal);
            if (bare && equals <= 0)
            {
                return $"Unexpected argument '{token}': settings are given as --Section:Key=value (e.g. --Storage:Directory=/data); see --help.";
            }

            if (!IsSetting(equals < 0 ? key : key[..equals]))
            {
                return UnknownOption(token);
            }

            if (equals < 0)
            {
                // "--Section:Key value": the next word is the value, whatever it starts with.
                i++;
            }
        }

        return null;
    }

    private static string UnknownOption(string token) =>
        $"Unknown option '{token}': see --help for this command's options; settings are given as --Section:Key=value (e.g. --Storage:Directory=/data).";

    private static bool IsSetting(string name) =>
        RootSettings.Contains(name) || (name.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && colon < name.Length - 1);
}
