using System.Text.RegularExpressions;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// What the log alert rules in <c>infra/app/alerts.bicep</c> read from Application Insights, taken from the KQL
/// queries themselves: each <c>customDimensions.EventName == "X"</c> and every other <c>customDimensions.Field</c>
/// that query uses. Renaming an event or a field on either side breaks the match.
/// </summary>
internal static partial class AlertQueries
{
    public const string RelativePath = "infra/app/alerts.bicep";

    /// <summary>Event name → the customDimensions fields its alert query reads (besides EventName).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read()
    {
        var bicep = Deployment.RepositoryFiles.ReadAllText(RelativePath);
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (Match query in QueryBlock().Matches(bicep))
        {
            var text = query.Groups["kql"].Value;
            var eventName = EventFilter().Match(text);
            if (!eventName.Success)
            {
                continue;
            }

            result[eventName.Groups["name"].Value] =
                [.. Dimension().Matches(text).Select(m => m.Groups["field"].Value).Where(f => f != "EventName").Distinct(StringComparer.Ordinal)];
        }

        return result;
    }

    [GeneratedRegex(@"query:\s*'''(?<kql>.*?)'''", RegexOptions.Singleline)]
    private static partial Regex QueryBlock();

    [GeneratedRegex(@"customDimensions\.EventName\s*==\s*""(?<name>[^""]+)""")]
    private static partial Regex EventFilter();

    [GeneratedRegex(@"customDimensions\.(?<field>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Dimension();
}
