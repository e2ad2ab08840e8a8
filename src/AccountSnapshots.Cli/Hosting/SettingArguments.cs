namespace AccountSnapshots.Cli.Hosting;

/// <summary>
/// Checks the command-line words no option took, which the commands read as settings (<c>--Section:Key=value</c>,
/// <c>--Section:Key value</c>, or a root setting such as <c>--ConduitSnapshotSchedule=…</c>). A mistyped option
/// (<c>--sourse conduit</c>) or a stray word would otherwise be taken as a setting nobody reads and silently ignored.
/// </summary>
internal static class SettingArguments
{
    /// <summary>The message for the first word that is not a setting, or null when every word is one.</summary>
    public static string? FindError(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..]
                : token.StartsWith('/') || token.StartsWith('-') ? token[1..]
                : null;
            if (key is null)
            {
                return $"Unexpected argument '{token}': settings are given as --Section:Key=value (e.g. --Storage:Directory=/data); see --help.";
            }

            var equals = key.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? key : key[..equals];

            // Our options are lower-case words; settings have a section (':') or, at the root, a capitalised name.
            if (name.Length == 0 || (!name.Contains(':', StringComparison.Ordinal) && !char.IsUpper(name[0])))
            {
                return $"Unknown option '{token}': see --help for this command's options; settings are given as --Section:Key=value (e.g. --Storage:Directory=/data).";
            }

            if (equals < 0)
            {
                // "--Section:Key value": the next word is the value.
                i++;
            }
        }

        return null;
    }
}
