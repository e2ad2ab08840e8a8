namespace AccountSnapshots.Tests.Deployment;

/// <summary>Reads repository files as text; the repository root is the folder holding Functions.sln.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string ReadAllText(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public static bool Exists(string relativePath) => File.Exists(Path.Combine(Root, relativePath));

    /// <summary>Files under a folder, skipping build output so generated copies never count.</summary>
    public static IReadOnlyList<string> Find(string relativeFolder, string searchPattern) =>
        Directory.EnumerateFiles(Path.Combine(Root, relativeFolder), searchPattern, SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsBuildOutput(string path)
    {
        var segments = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return segments.Contains("bin") || segments.Contains("obj");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}");
    }
}
