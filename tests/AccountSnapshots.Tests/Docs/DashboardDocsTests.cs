using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AccountSnapshots.Api;
using AccountSnapshots.Tests.Api.Dashboard;
using AccountSnapshots.Tests.Deployment;
using AccountSnapshots.Tests.Reliability;

namespace AccountSnapshots.Tests.Docs;

/// <summary>
/// The ready-made dashboards in <c>docs/dashboards/</c> work against <c>serve</c> with a week of generated history:
/// every Grafana query URL (time macros and the step variable substituted, the key in the header the provisioned
/// data source sends) and every Power Query URL (its <c>RelativePath</c> and <c>Query</c>, the key as <c>code</c>, as
/// <c>ApiKeyName</c> sends it) answers 200 with every column the panels and queries reference.
/// </summary>
[Collection(DashboardHistoryDefinition.Name)]
public sealed partial class DashboardDocsTests(DashboardHistoryFixture fixture)
{
    [Fact]
    public async Task Every_Grafana_query_answers_200_with_the_columns_its_panel_reads()
    {
        using var dashboard = JsonDocument.Parse(RepositoryFiles.ReadAllText("docs/dashboards/grafana-account-snapshots.json"));
        Assert.Contains($"httpHeaderName1: {ApiKeyVerifier.HeaderName}", RepositoryFiles.ReadAllText("docs/dashboards/grafana-datasource.yaml"), StringComparison.Ordinal);
        var root = dashboard.RootElement;
        var steps = root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == "step").GetProperty("options").EnumerateArray()
            .Select(o => o.GetProperty("value").GetString()!).ToList();
        var targets = root.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (Name: p.GetProperty("title").GetString()!, Target: t)))
            .Concat(root.GetProperty("annotations").GetProperty("list").EnumerateArray().Select(a => (Name: a.GetProperty("name").GetString()!, Target: a.GetProperty("target"))))
            .ToList();
        using var client = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        client.DefaultRequestHeaders.Add(ApiKeyVerifier.HeaderName, ReliabilityHttp.ApiKey);
        var from = fixture.End.AddDays(-7).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var to = fixture.End.AddHours(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var missing = new List<string>();
        var checkedQueries = 0;

        foreach (var (name, target) in targets)
        {
            var template = target.GetProperty("url").GetString()!;
            var columns = target.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("selector").GetString()!).ToList();
            var rootSelector = target.TryGetProperty("root_selector", out var selector) ? selector.GetString() : null;
            foreach (var step in template.Contains("${step}", StringComparison.Ordinal) ? steps : [""])
            {
                var url = template.Replace("${__from}", from, StringComparison.Ordinal).Replace("${__to}", to, StringComparison.Ordinal).Replace("${step}", step, StringComparison.Ordinal);
                using var response = await client.GetAsync(url.TrimStart('/'));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {url} answered {(int)response.StatusCode}");
                var present = target.GetProperty("type").GetString() == "csv"
                    ? CsvHeader(await response.Content.ReadAsStringAsync())
                    : JsonColumns(await response.Content.ReadAsStringAsync(), rootSelector);
                missing.AddRange(columns.Where(c => !present.Contains(c)).Select(c => $"{name}: {url} has no column '{c}'"));
                checkedQueries++;
            }
        }

        Assert.Empty(missing);
        Assert.Equal(targets.Count + steps.Count - 1, checkedQueries); // the history panel once per step option
    }

    [Fact]
    public async Task Every_Power_Query_snippet_answers_200_with_the_columns_it_reads()
    {
        var markdown = RepositoryFiles.ReadAllText("docs/dashboards/power-query.md");
        var snippets = MBlock().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
        using var client = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        var rangeStart = fixture.End.AddDays(-1);
        var rangeEnd = fixture.End;

        Assert.Equal(2, snippets.Count);
        foreach (var snippet in snippets)
        {
            Assert.Contains("ApiKeyName = \"code\"", snippet, StringComparison.Ordinal);
            var path = RelativePath().Match(snippet).Groups[1].Value;
            var query = QueryRecord().Match(snippet).Groups[1].Value;
            var parameters = QueryField().Matches(query).Select(f => (Name: f.Groups[1].Value, Value: f.Groups[2].Success ? f.Groups[2].Value
                : f.Groups[3].Value == "RangeStart" ? Iso(rangeStart) : Iso(rangeEnd))).ToList();
            var url = path + "?" + string.Join('&', parameters.Append(("code", ReliabilityHttp.ApiKey)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));

            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {body}");
            var present = snippet.Contains("Csv.Document", StringComparison.Ordinal) ? CsvHeader(body) : JsonColumns(body, null);
            var read = FromRecordsColumns().Matches(snippet).SelectMany(m => Quoted().Matches(m.Groups[1].Value).Select(q => q.Groups[1].Value))
                .Concat(TypedColumn().Matches(snippet).Select(m => m.Groups[1].Value))
                .Distinct()
                .ToList();
            Assert.NotEmpty(read);
            Assert.All(read, column => Assert.True(present.Contains(column), $"{url} has no column '{column}'"));
        }
    }

    private static string Iso(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static HashSet<string> CsvHeader(string csv) => [.. csv.Split('\n')[0].TrimEnd('\r').Split(',')];

    // The columns of a root array (or of the array at the root selector), from its first row: there must be one.
    private static HashSet<string> JsonColumns(string json, string? rootSelector)
    {
        using var document = JsonDocument.Parse(json);
        var rows = string.IsNullOrEmpty(rootSelector) ? document.RootElement : document.RootElement.GetProperty(rootSelector);
        Assert.Equal(JsonValueKind.Array, rows.ValueKind);
        Assert.True(rows.GetArrayLength() > 0, "no rows to read columns from");
        return [.. rows[0].EnumerateObject().Select(p => p.Name)];
    }

    [GeneratedRegex("```m\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex MBlock();

    [GeneratedRegex("RelativePath = \"([^\"]+)\"")]
    private static partial Regex RelativePath();

    [GeneratedRegex(@"Query = \[([^\]]*)\]")]
    private static partial Regex QueryRecord();

    [GeneratedRegex(@"(\w+) = (?:""([^""]*)""|Iso\((RangeStart|RangeEnd)\))")]
    private static partial Regex QueryField();

    [GeneratedRegex(@"Table\.FromRecords\(\w+, \{([^}]*)\}")]
    private static partial Regex FromRecordsColumns();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\{""(\w+)"", type \w+\}")]
    private static partial Regex TypedColumn();
}
