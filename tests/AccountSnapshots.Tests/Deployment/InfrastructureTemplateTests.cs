using System.Text.RegularExpressions;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Deployment;

/// <summary>
/// No Bicep compiler runs here, so these read infra/ as text and hold it to the code: settings, alert events and
/// dimensions, roles, secrets and schedule defaults.
/// </summary>
public sealed partial class InfrastructureTemplateTests
{
    // The roles docs/deploy.md documents: the app's four plus the deployer's two.
    private static readonly Dictionary<string, string> DocumentedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Key Vault Secrets Officer",
        ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = "Storage Blob Data Reader",
    };

    private static readonly string[] AppRoles =
    [
        "4633458b-17de-408a-b874-0445c86b69e6",
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
        "3913510d-42f4-4e42-8a64-420c390055eb",
    ];

    // SnapshotScheduleOptions.cs is written on another branch; until it is merged these stand in for its defaults.
    private const string ScheduleOptionsPath = "src/AccountSnapshots/Scheduling/SnapshotScheduleOptions.cs";
    private static readonly (string Setting, string Default)[] ScheduleDefaultsInCode =
    [
        ("ConduitSnapshotSchedule", "0 */15 * * * *"),
        ("ThreeCommasSnapshotSchedule", "0 7-59/15 * * * *"),
    ];

    // Written by the Application Insights logger for every event with an id and name, not by a message template.
    private static readonly HashSet<string> HostDimensions = ["EventName", "EventId"];

    [Fact]
    public void Every_setting_the_code_reads_in_Azure_is_set_as_an_app_setting_by_the_template()
    {
        var appSettings = AppSettingKeys();

        Assert.NotEmpty(AzureAppSettings.Required);
        Assert.All(AzureAppSettings.Required, setting => Assert.Contains(setting, appSettings));
    }

    [Fact]
    public void Every_event_an_alert_queries_is_logged_by_a_LoggerMessage_in_src()
    {
        var queried = AlertQueries().SelectMany(query => EventNameInQuery().Matches(query).Select(m => m.Groups[1].Value)).ToHashSet();
        var logged = LoggerMessages().Select(message => message.EventName).ToHashSet();

        Assert.Superset(new HashSet<string> { "ExchangeApiKeyInvalid", "CredentialsRejected", "SnapshotSucceeded" }, queried);
        Assert.All(queried, eventName => Assert.Contains(eventName, logged));
    }

    [Fact]
    public void Every_custom_dimension_an_alert_queries_is_a_parameter_of_the_logged_event()
    {
        // Event names are unique by convention; merging keeps the test about dimensions, not duplicates.
        var messages = LoggerMessages()
            .GroupBy(message => message.EventName)
            .ToDictionary(group => group.Key, group => group.SelectMany(message => message.Placeholders).ToHashSet());

        foreach (var query in AlertQueries())
        {
            var events = EventNameInQuery().Matches(query).Select(m => m.Groups[1].Value).ToList();
            var dimensions = CustomDimension().Matches(query).Select(m => m.Groups[1].Value).Where(d => !HostDimensions.Contains(d)).Distinct().ToList();
            Assert.All(dimensions, dimension => Assert.All(events, eventName =>
                Assert.True(messages.TryGetValue(eventName, out var placeholders) && placeholders.Contains(dimension),
                    $"Alert query reads customDimensions.{dimension}, but event {eventName} has no {{{dimension}}} placeholder")));
        }

        var allDimensions = AlertQueries().SelectMany(query => CustomDimension().Matches(query).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.Superset(new HashSet<string> { "AccountId", "Source", "EventName" }, allDimensions);
    }

    [Fact]
    public void The_dead_man_alert_expects_a_success_from_every_source()
    {
        var deadMan = Assert.Single(AlertQueries(), query => query.Contains("\"SnapshotSucceeded\"", StringComparison.Ordinal));
        var listed = DeadManSources().Match(deadMan);

        Assert.True(listed.Success, "The dead-man query must list every source in a datatable, or a silent source yields no row");
        var sources = QuotedString().Matches(listed.Groups[1].Value).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(SourceNames.All.Order(StringComparer.Ordinal), sources);
    }

    [Fact]
    public void Every_alert_rule_resolves_itself_and_notifies_the_action_group()
    {
        var rules = ResourceBlocks("Microsoft.Insights/scheduledQueryRules@").ToList();

        Assert.Equal(4, rules.Count);
        Assert.All(rules, rule =>
        {
            Assert.Contains("autoMitigate: true", rule, StringComparison.Ordinal);
            Assert.Contains("actionGroupId", rule, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Every_role_assignment_is_named_with_guid_and_grants_a_documented_role()
    {
        var assignments = ResourceBlocks("Microsoft.Authorization/roleAssignments@").ToList();
        var roleIds = BicepFiles().SelectMany(file => RoleGuid().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.NotEmpty(assignments);
        Assert.All(assignments, assignment => Assert.Matches(AssignmentNamedWithGuid(), assignment));
        Assert.All(roleIds, roleId => Assert.True(DocumentedRoles.ContainsKey(roleId), $"Role definition {roleId} is not documented"));
        Assert.All(AppRoles, roleId => Assert.Contains(roleId, roleIds));
    }

    [Fact]
    public void The_snapshot_container_role_is_scoped_to_the_container_not_the_account()
    {
        var contributor = Assert.Single(
            ResourceBlocks("Microsoft.Authorization/roleAssignments@"),
            assignment => assignment.Contains("storageBlobDataContributor", StringComparison.Ordinal));

        Assert.Contains("scope: container", contributor, StringComparison.Ordinal);
    }

    [Fact]
    public void No_template_or_parameter_file_carries_a_secret_value()
    {
        var files = BicepFiles().Concat(RepositoryFiles.Find("infra", "*.json")).ToList();

        Assert.All(files, file =>
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys(", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Microsoft.KeyVault/vaults/secrets", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(KeyVaultSecretsParameter(), text);
        });
        Assert.All(ParameterValues(), value => Assert.Matches(AzdPlaceholder(), value));
    }

    [Fact]
    public void The_schedule_defaults_in_the_template_equal_the_defaults_in_code()
    {
        var main = RepositoryFiles.ReadAllText("infra/main.bicep");
        var options = RepositoryFiles.Exists(ScheduleOptionsPath) ? RepositoryFiles.ReadAllText(ScheduleOptionsPath) : null;

        foreach (var (setting, defaultInCode) in ScheduleDefaultsInCode)
        {
            var parameter = char.ToLowerInvariant(setting[0]) + setting[1..];
            var declared = Regex.Match(main, $@"param {parameter} string = '([^']*)'", RegexOptions.CultureInvariant);
            Assert.True(declared.Success, $"infra/main.bicep declares no default for {parameter}");
            Assert.Equal(defaultInCode, declared.Groups[1].Value);
            if (options is not null)
            {
                Assert.Contains($"\"{declared.Groups[1].Value}\"", options, StringComparison.Ordinal);
            }
        }
    }

    private static IReadOnlyList<string> BicepFiles() => RepositoryFiles.Find("infra", "*.bicep");

    private static HashSet<string> AppSettingKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in BicepFiles())
        {
            var text = File.ReadAllText(file);
            foreach (Match block in AppSettingsBlock().Matches(text))
            {
                var body = BalancedBraces(text, block.Index + block.Length - 1);
                keys.UnionWith(TopLevelKeys(body));
            }
        }

        return keys;
    }

    private static IEnumerable<string> AlertQueries() =>
        BicepFiles().SelectMany(file => AlertQuery().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value));

    private static IEnumerable<string> ResourceBlocks(string typePrefix)
    {
        foreach (var file in BicepFiles())
        {
            var text = File.ReadAllText(file);
            for (var at = text.IndexOf($"'{typePrefix}", StringComparison.Ordinal); at >= 0; at = text.IndexOf($"'{typePrefix}", at + 1, StringComparison.Ordinal))
            {
                yield return BalancedBraces(text, text.IndexOf('{', at));
            }
        }
    }

    private static IEnumerable<string> ParameterValues()
    {
        var parameters = RepositoryFiles.ReadAllText("infra/main.parameters.json");
        return ParameterValue().Matches(parameters).Select(m => m.Groups[1].Value);
    }

    private static List<(string EventName, HashSet<string> Placeholders)> LoggerMessages()
    {
        var messages = new List<(string EventName, HashSet<string> Placeholders)>();
        foreach (var file in RepositoryFiles.Find("src", "*.cs"))
        {
            foreach (Match attribute in LoggerMessageAttribute().Matches(File.ReadAllText(file)))
            {
                var eventName = EventNameInAttribute().Match(attribute.Value);
                var message = MessageInAttribute().Match(attribute.Value);
                if (eventName.Success && message.Success)
                {
                    messages.Add((eventName.Groups[1].Value, Placeholder().Matches(message.Groups[1].Value).Select(m => m.Groups[1].Value).ToHashSet()));
                }
            }
        }

        return messages;
    }

    // The text from the brace at openAt to its matching close, both included.
    private static string BalancedBraces(string text, int openAt)
    {
        var depth = 0;
        for (var i = openAt; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[openAt..(i + 1)];
            }
        }

        throw new InvalidOperationException("Unbalanced braces in a Bicep file");
    }

    private static IEnumerable<string> TopLevelKeys(string objectBody)
    {
        var depth = 0;
        foreach (var line in objectBody.Split('\n'))
        {
            if (depth == 1 && ObjectKey().Match(line) is { Success: true } key)
            {
                yield return key.Groups[1].Value;
            }

            depth += line.Count(c => c is '{' or '[') - line.Count(c => c is '}' or ']');
        }
    }

    [GeneratedRegex(@"name: 'appsettings'\s*properties: \{")]
    private static partial Regex AppSettingsBlock();

    [GeneratedRegex(@"^\s*'?([A-Za-z_][A-Za-z0-9_]*)'?\s*:")]
    private static partial Regex ObjectKey();

    [GeneratedRegex(@"query: '''(.*?)'''", RegexOptions.Singleline)]
    private static partial Regex AlertQuery();

    [GeneratedRegex(@"customDimensions\.EventName\s*==\s*""(\w+)""")]
    private static partial Regex EventNameInQuery();

    [GeneratedRegex(@"customDimensions\.(\w+)")]
    private static partial Regex CustomDimension();

    [GeneratedRegex(@"datatable\(Source:\s*string\)\s*\[([^\]]*)\]")]
    private static partial Regex DeadManSources();

    [GeneratedRegex(@"""([^""]*)""")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\[LoggerMessage\((.*?)\)\]", RegexOptions.Singleline)]
    private static partial Regex LoggerMessageAttribute();

    [GeneratedRegex(@"EventName\s*=\s*""(\w+)""")]
    private static partial Regex EventNameInAttribute();

    [GeneratedRegex(@"Message\s*=\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex MessageInAttribute();

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"'([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'")]
    private static partial Regex RoleGuid();

    [GeneratedRegex(@"\A\{\s*name: guid\(", RegexOptions.Singleline)]
    private static partial Regex AssignmentNamedWithGuid();

    [GeneratedRegex(@"^\s*secrets\s*:", RegexOptions.Multiline)]
    private static partial Regex KeyVaultSecretsParameter();

    [GeneratedRegex(@"""value"":\s*""([^""]*)""")]
    private static partial Regex ParameterValue();

    [GeneratedRegex(@"\A\$\{[A-Z_]+(=[^}]*)?\}\z")]
    private static partial Regex AzdPlaceholder();
}
