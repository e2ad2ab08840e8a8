using System.Text.RegularExpressions;

namespace AccountSnapshots.Tests.Deployment;

/// <summary>
/// Issue 16 item 15: the workflow that holds an Azure token runs no repository code, every action is pinned by commit
/// SHA, and the deploy identity may assign only the roles the templates give the app. Workflows are read as text.
/// </summary>
public sealed partial class DeployWorkflowTests
{
    private const string DeployWorkflow = ".github/workflows/deploy.yml";

    // What installs, builds or runs repository code; none of it may run where an OIDC token can be requested.
    private static readonly string[] RepositoryCode =
        ["npm ", "eng/test.sh", "dotnet ", "setup-dotnet", "setup-node", "pip ", "make "];

    [Fact]
    public void Only_the_deploy_job_may_request_an_OIDC_token_and_it_installs_builds_and_tests_nothing()
    {
        var workflow = RepositoryFiles.ReadAllText(DeployWorkflow);
        var jobs = Jobs(workflow);

        Assert.DoesNotContain("id-token", TopLevelBlock(workflow, "permissions"), StringComparison.Ordinal);
        var withToken = Assert.Single(jobs, job => IdTokenWrite().IsMatch(job.Value));
        Assert.All(RepositoryCode, code => Assert.DoesNotContain(code, withToken.Value, StringComparison.Ordinal));

        // The tests still run first, in a job that never holds the token.
        var build = Assert.Single(jobs, job => job.Value.Contains("eng/test.sh", StringComparison.Ordinal));
        Assert.DoesNotMatch(IdTokenWrite(), build.Value);
        Assert.Matches($@"(?m)^    needs: \[?{build.Key}\]?\s*$", withToken.Value);
    }

    [Fact]
    public void Every_action_in_every_workflow_is_pinned_to_a_full_commit_sha()
    {
        var uses = RepositoryFiles.Find(".github/workflows", "*.yml")
            .SelectMany(file => UsesLine().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Action: m.Groups[1].Value)))
            .ToList();

        Assert.Contains(uses, use => use.File == "deploy.yml");
        Assert.All(uses, use => Assert.True(PinnedAction().IsMatch(use.Action), $"{use.File}: {use.Action} is not pinned by a 40-character commit SHA"));
    }

    [Fact]
    public void The_deploy_identity_may_assign_exactly_the_roles_the_templates_give_the_app_and_is_never_Owner()
    {
        var deploy = RepositoryFiles.ReadAllText("docs/deploy.md");
        var section = deploy[deploy.IndexOf("## Continuous deployment", StringComparison.Ordinal)..];
        var condition = ConditionBlock().Match(section);
        Assert.True(condition.Success, "docs/deploy.md (Continuous deployment) has no role assignment condition for the deploy identity");

        var allowed = ConditionRoles().Matches(condition.Value)
            .Select(m => m.Groups[1].Value)
            .Select(list => Guid().Matches(list).Select(g => g.Value.ToLowerInvariant()).ToHashSet())
            .ToList();

        // One list for creating assignments, one for deleting them; both the app's roles, no more, no fewer.
        Assert.Equal(2, allowed.Count);
        Assert.All(allowed, roles => Assert.Equal(AppRolesInTemplates().Order(StringComparer.Ordinal), roles.Order(StringComparer.Ordinal)));
        Assert.Contains("ServicePrincipal", condition.Value, StringComparison.Ordinal);

        var workflowHeader = string.Join('\n', RepositoryFiles.ReadAllText(DeployWorkflow).Split('\n').TakeWhile(line => line.StartsWith('#')));
        Assert.DoesNotMatch(GrantsOwner(), section);
        Assert.DoesNotMatch(GrantsOwner(), workflowHeader);
    }

    // Role GUIDs of every assignment in infra/ that goes to the app identity (not the optional deployer ones).
    private static HashSet<string> AppRolesInTemplates()
    {
        var roles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in RepositoryFiles.Find("infra", "*.bicep"))
        {
            var text = File.ReadAllText(file);
            var variables = BicepText.RoleVariables(text);
            foreach (Match assignment in RoleAssignment().Matches(text))
            {
                var block = BicepText.BalancedBraces(text, assignment.Index + assignment.Length - 1);
                if (!block.Contains("deployerPrincipalId", StringComparison.Ordinal))
                {
                    roles.Add(variables[RoleDefinition().Match(block).Groups[1].Value]);
                }
            }
        }

        Assert.NotEmpty(roles);
        return roles;
    }

    private static Dictionary<string, string> Jobs(string workflow)
    {
        var body = TopLevelBlock(workflow, "jobs");
        var headers = JobHeader().Matches(body).ToList();
        Assert.NotEmpty(headers);
        return headers.Select((header, i) => (header.Groups[1].Value, body[header.Index..(i + 1 < headers.Count ? headers[i + 1].Index : body.Length)]))
            .ToDictionary(job => job.Item1, job => job.Item2, StringComparer.Ordinal);
    }

    // The lines under a top-level key, up to the next top-level key.
    private static string TopLevelBlock(string workflow, string key)
    {
        var lines = workflow.Split('\n');
        var start = Array.FindIndex(lines, line => line.StartsWith(key + ":", StringComparison.Ordinal));
        Assert.True(start >= 0, $"No top-level '{key}:'");
        var block = lines.Skip(start + 1).TakeWhile(line => line.Length == 0 || line[0] is ' ' or '#');
        return string.Join('\n', block);
    }

    [GeneratedRegex(@"(?m)^\s+id-token:\s*write")]
    private static partial Regex IdTokenWrite();

    [GeneratedRegex(@"(?m)^  ([\w-]+):\s*$")]
    private static partial Regex JobHeader();

    [GeneratedRegex(@"(?m)^\s*(?:-\s+)?uses:\s*(\S+)")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"\A[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}\z")]
    private static partial Regex PinnedAction();

    [GeneratedRegex(@"```[^\n]*\n((?:(?!```).)*?ActionMatches(?:(?!```).)*?)```", RegexOptions.Singleline)]
    private static partial Regex ConditionBlock();

    [GeneratedRegex(@"RoleDefinitionId\]\s*ForAnyOfAnyValues:GuidEquals\s*\{([^}]*)\}")]
    private static partial Regex ConditionRoles();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"resource \w+ 'Microsoft\.Authorization/roleAssignments@[^']+' = [^\n]*\{")]
    private static partial Regex RoleAssignment();

    [GeneratedRegex(@"roleDefinitions', (\w+)\)")]
    private static partial Regex RoleDefinition();

    // "Owner" as a role for the pipeline: not part of "Storage Blob Data Owner", not in "never Owner".
    [GeneratedRegex(@"(?<!Data |never |not )\bOwner\b")]
    private static partial Regex GrantsOwner();
}
