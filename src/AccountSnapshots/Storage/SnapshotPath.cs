namespace AccountSnapshots.Storage;

/// <summary>The path rules both stores share, so a name valid for one is valid for the other.</summary>
internal static class SnapshotPath
{
    /// <summary>File-store temporary and lock files start with this; user paths may not.</summary>
    public const string ReservedPrefix = ".~";

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="path"/> is a relative forward-slash path.</summary>
    public static void Validate(string path, string parameterName = "path") => ValidateCore(path, parameterName, allowEmpty: false, allowTrailingSlash: false);

    /// <summary>Like <see cref="Validate"/>, but empty (everything) and a trailing slash are allowed.</summary>
    public static void ValidatePrefix(string prefix, string parameterName = "prefix") => ValidateCore(prefix, parameterName, allowEmpty: true, allowTrailingSlash: true);

    private static void ValidateCore(string path, string parameterName, bool allowEmpty, bool allowTrailingSlash)
    {
        ArgumentNullException.ThrowIfNull(path, parameterName);
        if (path.Length == 0)
        {
            if (allowEmpty)
            {
                return;
            }

            throw new ArgumentException("A store path must not be empty.", parameterName);
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Store path '{path}' must use forward slashes, not backslashes.", parameterName);
        }

        if (path[0] == '/' || Path.IsPathRooted(path) || path.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Store path '{path}' must be relative (no leading slash, drive or scheme).", parameterName);
        }

        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0 && allowTrailingSlash && i == segments.Length - 1)
            {
                continue;
            }

            if (segment.Length == 0)
            {
                throw new ArgumentException($"Store path '{path}' must not contain empty segments.", parameterName);
            }

            if (segment is "." or "..")
            {
                throw new ArgumentException($"Store path '{path}' must not contain '.' or '..' segments.", parameterName);
            }

            if (segment.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Store path '{path}' must not contain segments starting with '{ReservedPrefix}' (reserved for temporary files).", parameterName);
            }

            if (segment.Any(char.IsControl))
            {
                throw new ArgumentException($"Store path '{path}' must not contain control characters.", parameterName);
            }
        }
    }
}
